#!/usr/bin/env bash
# Fuzz smoke test: builds the cargo-fuzz targets in fuzz/ and runs each one briefly.
# Exits non-zero if any target crashes (a panic, a failed assertion, a time-out, an OOM).
# See docs/fuzzing.md for the targets, the long-run figures and how to reproduce a crash.
#
# Environment:
#   FUZZ_SECONDS     seconds per target (default 25; js_options gets the same)
#   FUZZ_TARGETS     space-separated subset (default: all four)
#   FUZZ_SANITIZER   none (default, works on stable) or address (needs RUSTC_BOOTSTRAP=1, set here)
#   CARGO_TARGET_DIR where to build (default fuzz/target, ignored by git)
#
# Corpora grow in fuzz/corpus/<target>/ and crashes land in fuzz/artifacts/<target>/ (both
# ignored by git); the seeds come from fixtures/ and fuzz/seeds/.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root/fuzz"

seconds="${FUZZ_SECONDS:-25}"
targets=(${FUZZ_TARGETS:-image_check path_resolver options_parsing js_options})
sanitizer="${FUZZ_SANITIZER:-none}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/fuzz/target}"
if [ "$sanitizer" != none ]; then
    # cargo-fuzz passes -Zsanitizer; stable rustc accepts it only with this.
    export RUSTC_BOOTSTRAP=1
fi

if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "fuzz-smoke: installing cargo-fuzz"
    cargo install cargo-fuzz --locked
fi

start=$(date +%s)
echo "fuzz-smoke: building (sanitizer: $sanitizer)"
cargo fuzz build -s "$sanitizer" --features js

# Seeds: every fixture for the image checker; one path per line of seeds/paths.txt for the path
# targets; options objects for options_parsing. Existing corpus files are kept.
seed_lines() { # FILE DIR PREFIX
    local n=0 line
    mkdir -p "$2"
    while IFS= read -r line || [ -n "$line" ]; do
        n=$((n + 1))
        printf '%s' "$line" >"$2/$3-$n"
    done <"$1"
}
mkdir -p corpus/image_check corpus/js_options
# Every picture under fixtures/, the public-corpus files in fixtures/corpus/ included (flattened:
# the source folder goes into the name so that files of the same name do not collide).
find "$root/fixtures" -type f ! -name '*.md' ! -name '*.sh' ! -name '*.py' ! -name '*.tsv' -print0 |
    while IFS= read -r -d '' f; do
        rel="${f#"$root"/fixtures/}"
        cp "$f" "corpus/image_check/${rel//\//_}"
    done
seed_lines seeds/paths.txt corpus/path_resolver path
seed_lines seeds/paths.txt corpus/options_parsing path
seed_lines seeds/options.txt corpus/options_parsing options

# The targets make their sandboxes under TMPDIR; keep them out of the way and remove them.
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

failed=()
for t in "${targets[@]}"; do
    args=(-max_total_time="$seconds" -timeout=30 -rss_limit_mb=2048 -print_final_stats=1)
    case "$t" in
        path_resolver | options_parsing) args+=(-dict=dict/paths.dict) ;;
    esac
    echo "fuzz-smoke: $t for ${seconds}s"
    log="$scratch/$t.log"
    if TMPDIR="$scratch" cargo fuzz run -s "$sanitizer" --features js "$t" "corpus/$t" -- "${args[@]}" >"$log" 2>&1; then
        grep -E '^stat::number_of_executed_units|^stat::average_exec_per_sec|^Done' "$log" | tr '\n' ' '
        echo
    else
        echo "fuzz-smoke: $t FAILED"
        grep -v -E '^#[0-9]+|NEW_FUNC' "$log" | tail -60
        failed+=("$t")
    fi
done

echo "fuzz-smoke: $(($(date +%s) - start))s in total"
if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzz-smoke: crashes in: ${failed[*]} (inputs in fuzz/artifacts/)"
    exit 1
fi
echo "fuzz-smoke: no crash"
