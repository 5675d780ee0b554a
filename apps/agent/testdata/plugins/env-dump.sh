#!/bin/sh
# Prints the variables the env-merge test sets; "unset" tells an unset variable from an empty one.
echo "FROM_PARENT=${SABA_TEST_FROM_PARENT-unset}"
echo "FOO=${FOO-unset}"
echo "BAR=${BAR-unset}"
echo "ARGS=$*"
