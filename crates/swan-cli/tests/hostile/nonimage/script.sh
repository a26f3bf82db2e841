#!/bin/sh
rm -rf "$HOME/Pictures"
