## Supervisors' reports and countersigning, end to end.
TESTS += tests/cli/test-report.sh
EXTRA_DIST += tests/cli/test-report.sh
