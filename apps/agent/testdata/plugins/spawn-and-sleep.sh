#!/bin/sh
# Starts a background child, records "<own pid> <child pid>" in $1, then sleeps:
# a timeout must kill both (the whole process group), not just this shell.
sleep 60 &
echo "$$ $!" > "$1"
sleep 60
