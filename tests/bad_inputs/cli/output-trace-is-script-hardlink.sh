printf '5 Pullups\n' > x.wod
cp x.wod orig.wod
ln x.wod alias.wod
"$WOD_RUN" "$CASE_DIR/x.wod" --auto --export-trace ./alias.wod > /dev/null
status=$?
cmp -s x.wod orig.wod || { echo "the script was changed" >&2; exit 99; }
exit "$status"
