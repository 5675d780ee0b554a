#!/bin/sh
# About 2.3 MB of metric lines, more than the stdout cap.
yes 'big.metric 1 1700000000' | head -n 100000
