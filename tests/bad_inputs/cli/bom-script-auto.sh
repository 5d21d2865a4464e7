# A script saved by Windows Notepad starts with a UTF-8 byte order mark. It
# used to stick to the first token, so '20:00 AMRAP' ran as a 0 s AMRAP.
printf '\xef\xbb\xbf20:00 AMRAP\n  10 Pullups\n' > s.wod
"$WOD_RUN" s.wod --check > check.txt || exit 97
[ ! -s check.txt ] || { cat check.txt >&2; echo "--check reports something" >&2; exit 98; }
"$WOD_RUN" s.wod --steps 'next' > out.txt
status=$?
grep -q 'AMRAP "AMRAP 20:00" .*/1200s' out.txt || { cat out.txt >&2; echo "no 20-minute AMRAP" >&2; exit 99; }
exit "$status"
