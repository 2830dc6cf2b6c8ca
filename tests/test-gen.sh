#!/bin/sh
# Tests of douane-gen: reproducible output, options honoured, and output that
# the schema and the importer accept.  Speaks TAP (see tests/tap.sh).
# Environment: $DOUANE_GEN the generator, $DOUANE the CLI, $top_srcdir.
. "$top_srcdir/tests/tap.sh"
G="$DOUANE_GEN"
XSD="$top_srcdir/data/manifest.xsd"

if [ ! -x "$G" ]; then
	echo "1..0 # SKIP douane-gen not built ($G)"
	exit 0
fi

subjects() { grep -cE '<(consignment|traveller|vehicle) ' "$1"; }

tap_check "--help" sh -c "'$G' --help | grep -q 'Usage: douane-gen'"
tap_check "--version" sh -c "'$G' --version | grep -q '^douane-gen '"
tap_status 64 "a bad option is a usage error" "$G" --frobnicate
tap_status 64 "a bad date is a usage error" "$G" --date 2026-02-30
tap_status 64 "a bad mix is a usage error" "$G" --mix 1,2
tap_status 64 "an unknown crossing country is a usage error" "$G" --crossing QQABC

"$G" --seed 42 --count 300 -o a.xml && "$G" --seed 42 --count 300 > b.xml
cmp -s a.xml b.xml; tap_result $? "the same seed gives the same bytes (file and stdout)"
"$G" --seed 43 --count 300 -o c.xml
! cmp -s a.xml c.xml; tap_result $? "another seed gives another file"

n=$(subjects a.xml)
[ "$n" -eq 300 ]; tap_result $? "--count 300 writes 300 subjects (got $n)"
"$G" --seed 1 --count 0 -o empty.xml
n=$(subjects empty.xml)
[ "$n" -eq 0 ] && grep -q '</manifest>' empty.xml; tap_result $? "--count 0 writes an empty manifest"

"$G" --seed 5 --count 1000 --mix 0,100,0 -o t.xml
[ "$(grep -c '<traveller ' t.xml)" -eq 1000 ]; tap_result $? "--mix 0,100,0 writes only travellers"

"$G" --seed 42 --count 300 --ref-prefix B- -o p.xml
! grep -q 'ref="CN-' p.xml && grep -q 'ref="B-CN-' p.xml
tap_result $? "--ref-prefix prefixes every reference"
dups=$(grep -o ' ref="[^"]*"' a.xml p.xml | sed 's/^[^:]*://' | sort | uniq -d | wc -l)
[ "$dups" -eq 0 ]; tap_result $? "references are unique within and across prefixed files"

"$G" --count 50 --date 2027-01-05 --crossing DEKEH --manifest-id "M&<1" -o d.xml
grep -q 'arrival="2027-01-05T' d.xml && grep -q 'crossing="DEKEH"' d.xml &&
	grep -q 'id="M&amp;&lt;1"' d.xml
tap_result $? "--date, --crossing and --manifest-id are written (escaped)"

if command -v xmllint >/dev/null 2>&1; then
	tap_check "the output is well-formed XML" xmllint --noout a.xml
	if [ -f "$XSD" ]; then
		"$G" --seed 7 --count 3000 -o big.xml
		tap_check "3,000 subjects validate against data/manifest.xsd" \
			xmllint --noout --schema "$XSD" big.xml
		tap_check "the demo data validates against data/manifest.xsd" \
			xmllint --noout --schema "$XSD" "$top_srcdir/data/demo/manifest-demo.xml"
	else
		tap_skip "schema validation: $XSD is missing"
		tap_skip "demo data validation: $XSD is missing"
	fi
else
	tap_skip "well-formedness: xmllint is not installed"
	tap_skip "schema validation: xmllint is not installed"
	tap_skip "demo data validation: xmllint is not installed"
fi

"$G" --seed 11 --count 2000 -o imp.xml
D=$(tap_vault "$T/gen.vault")
tap_check "douane imports the generated file into a fresh vault" \
	"$D" --vault "$T/gen.vault" -q import manifest imp.xml
n=$("$D" --vault "$T/gen.vault" queue --format csv 2>/dev/null | tail -n +2 | wc -l)
[ "$n" -eq 2000 ]; tap_result $? "every generated subject is in the queue ($n of 2000)"

tap_done
