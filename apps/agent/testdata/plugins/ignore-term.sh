#!/bin/sh
# Ignores SIGTERM (and so does its sleep, SIG_IGN survives exec): only SIGKILL ends it.
trap '' TERM
echo started
while :; do sleep 1; done
