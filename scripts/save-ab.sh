#!/usr/bin/env bash
# A/B of save speed between builds of swan-bench, each against its own copy+fsync baseline.
#
#   scripts/save-ab.sh ROUNDS LEN COUNT BIN...
#   e.g. scripts/save-ab.sh 9 51200 200 /tmp/bench-before target/release/swan-bench
#
# Every round runs, for each binary in turn, `BIN profile --paired`: COUNT generated JPEGs of
# LEN bytes, each saved into a fresh album and copied+fsynced into a fresh folder, the two
# sides taking turns at going first, under target/ab after a sync(1). Printed per binary: median save and
# copy time per round and the median of the per-round save/copy ratios. The disks here are
# noisy: compare binaries only within one run of this script, where they alternate.
set -euo pipefail
rounds=$1 len=$2 count=$3
shift 3
dir=target/ab
for _ in $(seq "$rounds"); do
    for bin in "$@"; do
        rm -rf "$dir"; sync
        out=$("$bin" profile --dir "$dir" --count "$count" --len "$len" --paired)
        echo "$bin|$(grep '^Album' <<<"$out")|$(grep '^Copy' <<<"$out")"
    done
done | python3 -c '
import collections, re, statistics, sys
runs = collections.defaultdict(list)
def ms(line):
    m = re.search(r" in ([0-9.]+) (ms|s|µs)", line)
    return float(m.group(1)) * {"ms": 1, "s": 1000, "µs": 0.001}[m.group(2)]
for line in sys.stdin:
    b, s, c = line.rstrip("\n").split("|")
    runs[b].append((ms(s), ms(c)))
for b, r in runs.items():
    ratios = [s / c for s, c in r]
    print("%s: save %.1f ms, copy %.1f ms per round (medians); save/copy median %.2f, rounds %s"
          % (b, statistics.median(s for s, _ in r), statistics.median(c for _, c in r),
             statistics.median(ratios), " ".join("%.2f" % x for x in ratios)))
'
rm -rf "$dir"
