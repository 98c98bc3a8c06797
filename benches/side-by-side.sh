#!/usr/bin/env bash
# Indexes one JSON Lines file with Plenary and with tantivy-cli (en_stem and default
# tokenizers), interleaved round by round on the same threads, and prints one line per run:
# wall seconds, CPU seconds (user + sys, all threads), MB/s and peak RSS.
#
#   benches/side-by-side.sh FILE [THREADS] [ROUNDS]
#
# Needs `plenary` (release build) on PATH or in $PLENARY, and `tantivy` (tantivy-cli,
# `cargo install tantivy-cli`) on PATH or in $TANTIVY. Nothing is asserted: it measures.
set -euo pipefail

file=${1:?usage: side-by-side.sh FILE [THREADS] [ROUNDS]}
threads=${2:-2}
rounds=${3:-2}
plenary=${PLENARY:-plenary}
tantivy=${TANTIVY:-tantivy}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
megabytes=$(awk -v bytes="$(stat -c %s "$file")" 'BEGIN { printf "%.1f", bytes / 1e6 }')
budget=$((512 * 1024 * 1024 * threads))

# Runs a command under /usr/bin/time and prints: engine, wall s, cpu s, MB/s, peak RSS.
measure() {
    local engine=$1
    shift
    "/usr/bin/time" -f '%e %U %S %M' -o "$work/time" "$@" >"$work/out" 2>&1 || {
        echo "$engine failed:" >&2
        tail -5 "$work/out" >&2
        return 1
    }
    read -r wall user system rss <"$work/time"
    awk -v engine="$engine" -v wall="$wall" -v user="$user" -v sys="$system" \
        -v rss="$rss" -v mb="$megabytes" 'BEGIN {
            printf "%-34s %8.1f %8.1f %8.2f %8.0f MiB\n", engine, wall, user + sys,
                mb / wall, rss / 1024 }'
}

echo "# $file: $megabytes MB, $threads threads, $rounds rounds, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
printf "%-34s %8s %8s %8s %12s\n" engine "wall s" "cpu s" "MB/s" "peak RSS"
for round in $(seq "$rounds"); do
    rm -rf "$work/plenary"
    measure "plenary index (round $round)" "$plenary" index "$file" --index "$work/plenary" \
        --full --threads "$threads" --writer-threads "$threads" --memory-mb 512
    for tokenizer in en-stem default; do
        meta="$here/tantivy-cli-meta-$tokenizer.json"
        [ "$tokenizer" = default ] && meta="$here/tantivy-cli-meta.json"
        rm -rf "$work/tantivy" && mkdir "$work/tantivy" && cp "$meta" "$work/tantivy/meta.json"
        measure "tantivy-cli $tokenizer (round $round)" "$tantivy" index -i "$work/tantivy" \
            -f "$file" -t "$threads" -m "$budget"
    done
done
