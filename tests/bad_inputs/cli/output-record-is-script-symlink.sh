printf '5 Pullups\n' > x.wod
cp x.wod orig.wod
ln -s x.wod link.wod
"$WOD_RUN" x.wod --steps next --record link.wod > /dev/null
status=$?
cmp -s x.wod orig.wod || { echo "the script was changed" >&2; exit 99; }
exit "$status"
