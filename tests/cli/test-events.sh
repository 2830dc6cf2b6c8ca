#!/bin/sh
. "$top_srcdir/tests/tap.sh"
tap_done
