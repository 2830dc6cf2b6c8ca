#!/bin/sh
# End to end: a booth and HQ, two vaults, exchanging keys, a pack, bundles
# and acks through files, with the exit status of every refusal.
. "$top_srcdir/tests/tap.sh"

D=$(tap_vault "$T/hq.vault") || { echo "Bail out! cannot create a vault"; exit 99; }
"$D" --vault "$T/booth.vault" -q init --kdf min >/dev/null || { echo "Bail out! booth"; exit 99; }
"$D" --vault "$T/other.vault" -q init --kdf min >/dev/null || { echo "Bail out! other"; exit 99; }
HQ="$D --vault $T/hq.vault"
BOOTH="$D --vault $T/booth.vault"
OTHER="$D --vault $T/other.vault"
mkdir -p "$T/out" "$T/acks"

tap_check "keys shows the device id" sh -c "$BOOTH keys | grep -q '^device [0-9a-f]\{32\}$'"
tap_check "booth exports its key" $BOOTH keys export --out "$T/booth.key"
tap_check "HQ exports its key" $HQ keys export --out "$T/hq.key"
tap_check "the key file says what it is" grep -q '^douane-key 1$' "$T/booth.key"
tap_status 64 "enrol without --booth is a usage error" $HQ keys enrol "$T/booth.key"
tap_status 66 "enrol of a missing key file" $HQ keys enrol "$T/none.key" --booth B1
tap_check "HQ enrols the booth" $HQ keys enrol "$T/booth.key" --booth B1 --crossing FRCQF
tap_check "the booth trusts HQ" $BOOTH keys trust "$T/hq.key"
tap_check "keys list names the booth" sh -c "$HQ keys list | grep -q '^booth	B1	'"

# An inspector may not trust keys or build packs (77).
printf 'inspector pass\n' >"$T/ins-pass"
printf 'tester passphrase\ninspector pass\n' >"$T/add-pass"
"$DOUANE" --vault "$T/booth.vault" --user tester --passphrase-fd 3 user add ins --role inspector --kdf min 3<"$T/add-pass" >/dev/null ||
	echo "Bail out! cannot add an inspector"
INS="$DOUANE --vault $T/booth.vault --user ins --passphrase-fd 3"
tap_check "the inspector can unlock" sh -c "$INS keys 3<'$T/ins-pass'"
tap_status 77 "an inspector may not trust HQ's key" sh -c "$INS keys trust '$T/hq.key' 3<'$T/ins-pass'"

# Events, a bundle, ingest, ack.
$BOOTH -q shift open --crossing FRCQF >/dev/null
$BOOTH -q shift close >/dev/null
tap_check "export writes a bundle" $BOOTH export --out "$T/out"
B1=$(ls "$T/out"/*.bundle | head -1)
tap_check "no partial file is left beside it" sh -c "! ls -A '$T/out' | grep -q partial"
tap_check "HQ ingests it" $HQ ingest --acks "$T/acks" "$B1"
tap_status 65 "the same bundle again is a replay" $HQ ingest --acks "$T/acks" "$B1"
tap_check "before the ack, two events are not yet delivered" sh -c "$BOOTH keys | grep -q 'delivered to HQ: 2$'"
A1=$(ls "$T/acks"/*.ack | head -1)
tap_check "an ack was written" test -s "$A1"
tap_check "the booth imports the ack" $BOOTH import "$A1"
tap_check "after it, none" sh -c "$BOOTH keys | grep -q 'delivered to HQ: 0$'"
tap_check "delivered events stay in the log" sh -c "$BOOTH events | grep -q shift-close"
tap_check "the same ack again changes nothing" $BOOTH import "$A1"
tap_check "nothing left to export" sh -c "$BOOTH export --out '$T/out' | grep -q 'nothing to export'"

# Tampering: one byte changed, cut short, a missing file.
cp "$B1" "$T/bad.bundle"
printf 'X' | dd of="$T/bad.bundle" bs=1 seek=200 conv=notrunc 2>/dev/null
tap_status 65 "a bundle with a byte changed is refused" $HQ ingest --acks "$T/acks" "$T/bad.bundle"
head -c 100 "$B1" >"$T/short.bundle"
tap_status 65 "a truncated bundle is refused" $HQ ingest --acks "$T/acks" "$T/short.bundle"
tap_status 66 "a missing bundle" $HQ ingest "$T/none.bundle"
tap_status 65 "a bundle for HQ is not for another vault" $OTHER ingest "$B1"
$OTHER -q keys trust "$T/hq.key"
$OTHER -q shift open >/dev/null
$OTHER -q export --out "$T/other"  2>/dev/null || { mkdir -p "$T/other"; $OTHER -q export --out "$T/other"; }
tap_status 65 "a bundle from an unknown booth is refused" sh -c "$HQ ingest $T/other/*.bundle"
tap_status 65 "a bundle is not imported at a booth" $BOOTH import "$B1"

# A pack.
WL="$top_srcdir/tests/data/watchlists/douane/national.xml"
MF="$top_srcdir/tests/data/manifests/good.xml"
tap_check "an inspector may export" sh -c "$INS export --out '$T/out' 3<'$T/ins-pass'"
tap_status 77 "an inspector may not build packs" sh -c "$INS pack --booth B1 --out '$T/x.pack' 3<'$T/ins-pass'"
tap_check "HQ builds a pack" $HQ pack --booth B1 --out "$T/b1.pack" --watchlist "$WL" --manifest "$MF"
tap_check "the booth imports it" $BOOTH import "$T/b1.pack"
tap_check "its watchlist is loaded" sh -c "$BOOTH lists | grep -q ."
tap_status 65 "the same pack again is refused" $BOOTH import "$T/b1.pack"
tap_status 65 "a pack for another booth is refused" $OTHER import "$T/b1.pack"
tap_status 66 "a missing pack" $BOOTH import "$T/none.pack"
tap_check "a pack with a bad rules member is built" $HQ pack --booth B1 --out "$T/r.pack" --rules "$WL"
tap_status 65 "and refused whole" $BOOTH import "$T/r.pack"
tap_check "a pack with the default rules" $HQ pack --booth B1 --out "$T/r2.pack" --rules "$top_srcdir/data/rules/default.rules"
tap_check "is applied" $BOOTH import "$T/r2.pack"
tap_check "and its rules are in force at the booth" sh -c "$BOOTH rules list | grep -q TOBACCO-CIGARETTES"

tap_done
