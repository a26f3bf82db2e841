#!/usr/bin/env bash
# Runs every page of every smart-program project in a folder, unchanged, and prints a table:
# project, page, exit code, first error (or notice of an unsupported API).
#
#   scripts/real-programs.sh PROJECTS_DIR [SWAN_ALBUM_BINARY]
#
# PROJECTS_DIR holds one project per folder (the folder with app.json). Every route of app.json
# "pages" and of "subPackages"/"subpackages" is run with the lifecycle alone, a virtual clock, the
# scripted user's defaults and --auth allow. Each run gets a fresh album and data dir. The last
# line counts the pages that ran cleanly (exit 0 and no `error` line).
set -u
dir=${1:?usage: real-programs.sh PROJECTS_DIR [BINARY]}
bin=${2:-$(dirname "$0")/../target/debug/swan-album}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
total=0
clean=0
printf '%-14s %-44s %4s  %s\n' project page exit first-error
for project in "$dir"/*/; do
    project=${project%/}
    name=$(basename "$project")
    [ -f "$project/app.json" ] || continue
    routes=$(jq -r '(.pages // [])[], ((.subPackages // .subpackages // [])[] | .root as $r | (.pages // [])[] | ($r | sub("/+$"; "")) + "/" + .)' "$project/app.json" 2>/dev/null)
    for route in $routes; do
        total=$((total + 1))
        rm -rf "$work/a" "$work/d"
        mkdir -p "$work/a" "$work/d"
        timeout 60 "$bin" --album "$work/a" --data-dir "$work/d" run "$project" --page "$route" \
            --clock virtual --timeout 10 --auth allow --json >"$work/out" 2>"$work/err" </dev/null
        code=$?
        first=$(jq -r 'select(.type == "error") | .message' "$work/out" 2>/dev/null | head -n 1)
        if [ -z "$first" ] && [ "$code" -ne 0 ]; then
            first=$(grep -v '^\s*$' "$work/err" | head -n 1)
        fi
        if [ -z "$first" ]; then
            unsupported=$(jq -r 'select(.type == "notice" and .what == "unsupported") | .message' "$work/out" 2>/dev/null | head -n 1)
            [ -n "$unsupported" ] && first="(notice) $unsupported"
        fi
        if [ "$code" -eq 0 ] && ! jq -e 'select(.type == "error")' "$work/out" >/dev/null 2>&1; then
            clean=$((clean + 1))
        fi
        printf '%-14s %-44s %4s  %s\n' "$name" "$route" "$code" "$(printf '%s' "$first" | tr '\n' ' ' | cut -c1-160)"
    done
done
echo "clean: $clean / $total pages"
