printf '\r\r\r\r' > cr.md
"$WOD_RUN" --verify cr.md
