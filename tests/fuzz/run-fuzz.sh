#!/bin/sh
# run-fuzz.sh: run the readers' libFuzzer targets, one after the other (make
# fuzz, tests/fuzz/local.mk).
#
#   run-fuzz.sh SRCDIR BINDIR CORPUSDIR SECONDS MAX_LEN RSS_MB TARGET...
#
# For each TARGET, CORPUSDIR/TARGET is the working corpus: it keeps what
# earlier runs found, and the seeds are copied into it each time (they are
# never copied into the source tree).  The seeds are the bundled samples
# for that reader, hostile ones included, and the inputs that once crashed
# it (tests/data/fuzz-regressions/TARGET).  The OFAC CSV target reads a
# set of four files joined by NUL bytes (fuzz_wl_ofac_csv.c), so its seeds
# are made from the sets' first lines.  A crash, a leak, a timeout or more
# than RSS_MB of memory stops the run: the input is kept as
# BINDIR/crash-TARGET-*, and the script fails naming it.
set -u
if [ $# -lt 7 ]; then
	echo "usage: $0 SRCDIR BINDIR CORPUSDIR SECONDS MAX_LEN RSS_MB TARGET..." >&2
	exit 64
fi
src=$1 bin=$2 corpora=$3 seconds=$4 max_len=$5 rss=$6
shift 6
M="$src/tests/data/manifests"
W="$src/tests/data/watchlists"

# SET-DIR PRIMARY ALT ADD COMMENTS: one CSV seed on stdout, the first
# lines of each file (the whole sets are megabytes).
csv_seed() {
	head -n 40 "$1/$2"; printf '\000'
	head -n 60 "$1/$3"; printf '\000'
	head -n 60 "$1/$4"
	if [ -f "$1/$5" ]; then printf '\000'; cat "$1/$5"; fi
}

# Copy the seeds of target $1 into directory $2.
seed() {
	case $1 in
	manifest_douane) cp "$M"/*.xml "$2/";;
	manifest_wco) cp "$M"/wco/*.xml "$2/";;
	manifest_iata) cp "$M"/iata/*.xml "$2/";;
	manifest_ics) cp "$M"/ics/*.xml "$2/";;
	wl_un) cp "$W"/un/*.xml "$W"/hostile/un-*.xml "$2/";;
	wl_ofac_xml) cp "$W"/ofac/*.xml "$W"/hostile/sdn-*.xml "$2/";;
	wl_douane) cp "$W"/douane/*.xml "$2/";;
	wl_ofac_csv)
		csv_seed "$W/ofac/sdn_2021-07" sdn.csv alt.csv add.csv sdn_comments.csv >"$2/seed-sdn"
		csv_seed "$W/ofac/cons_2025-12" cons_prim.csv cons_alt.csv cons_add.csv \
			cons_comments.csv >"$2/seed-cons"
		for h in csv-fields csv-stray-quote; do
			csv_seed "$W/hostile/$h" sdn.csv alt.csv add.csv none >"$2/seed-$h"
		done;;
	rules) cp "$src"/data/rules/*.rules "$src"/tests/data/rules/*.rules "$2/";;
	envelope)
		# Exchanged files are made by the tests, none is bundled: the
		# seeds are a header's worth of the magic and zeros, and the
		# sync test vectors when there are any.
		printf 'DOUANEEX' >"$2/seed-magic"
		head -c 400 /dev/zero >>"$2/seed-magic"
		for f in "$src"/tests/data/exchange/*; do [ -f "$f" ] && cp "$f" "$2/"; done;;
	douanerc)
		printf '# keys\nbind queue j move-down\nset idle-lock 300\nset sort arrival\ncolor lane-red white red bold\n' >"$2/seed-rc";;
	*) echo "run-fuzz.sh: unknown target $1" >&2; return 1;;
	esac
	if [ -d "$src/tests/data/fuzz-regressions/$1" ]; then
		cp "$src/tests/data/fuzz-regressions/$1"/* "$2/" 2>/dev/null
	fi
	return 0
}

# ASan keeps freed memory in quarantine (256 MB by default) to catch uses
# after free; the rules target frees much per run, and with libFuzzer's own
# memory that went past RSS_MB with no leak (live heap 26 MB).  A smaller
# quarantine still catches reuse soon after the free.
ASAN_OPTIONS=${ASAN_OPTIONS:-quarantine_size_mb=64}
export ASAN_OPTIONS

failed=0
for t in "$@"; do
	corpus="$corpora/$t"
	mkdir -p "$corpus" || exit 74
	seed "$t" "$corpus" || exit 64
	log="$bin/fuzz_$t.log"
	printf 'fuzz %-16s %4s s ... ' "$t" "$seconds"
	"$bin/fuzz_$t" -max_total_time="$seconds" -max_len="$max_len" -rss_limit_mb="$rss" \
		-timeout=10 -print_final_stats=1 -artifact_prefix="$bin/crash-$t-" \
		"$corpus" >"$log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	cov=$(grep -E '^#[0-9]+' "$log" | tail -n 1 | sed -n 's/.* cov: \([0-9]*\).*/\1/p')
	if [ $rc -eq 0 ]; then
		echo "ok (${execs:-?} runs, coverage ${cov:-?}, corpus $(ls "$corpus" | wc -l))"
	else
		echo "FAILED (exit $rc)"
		grep -E '^(==[0-9]+==ERROR|SUMMARY|fuzz: broken|artifact_prefix|Test unit written)' "$log" |
			head -n 20 | sed 's/^/  /'
		echo "  full log: $log"
		failed=1
	fi
done
exit $failed
