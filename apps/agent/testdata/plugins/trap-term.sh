#!/bin/sh
# Handles SIGTERM and exits normally with 2: the official agent then keeps the exit code and output.
trap 'echo trapped; exit 2' TERM
echo started
sleep 60 &
wait
