: > empty.md
"$WOD_RUN" --verify empty.md
