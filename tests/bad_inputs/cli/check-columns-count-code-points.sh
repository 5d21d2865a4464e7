# 'ä' and '→' are one column each: the error is at column 7 (not the byte
# column 8), in --check's stdout and in a run's stderr alike.
printf 'L\xc3\xa4ufe 1:75\n' > s.wod
"$WOD_RUN" s.wod --check > check.txt
grep -qF 's.wod:1:7: error: Invalid seconds component: 75' check.txt || { cat check.txt >&2; echo "--check column is not 7" >&2; exit 99; }
"$WOD_RUN" s.wod --auto > /dev/null
