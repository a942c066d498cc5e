# migschema.awk - `migc schema` (create_table blocks) in schema.js's normalized form, so the
# .mig files' intent compares line by line with what an official SDK reads back:
#   table NAME / column NAME TYPE not null|null / primary_key COLS / index NAME on COLS [...]
# Key columns are NOT NULL unless written `null` (docs/language.md, Columns).
function flush(   i, j, k, n, c, tmp) {
    print "table " t
    n = split(pk, keys, ",")
    for (i = 1; i <= nc; i++) {
        c = cnull[i]
        if (c == "") {
            c = "null"
            for (k = 1; k <= n; k++) if (keys[k] == cname[i]) c = "not null"
        }
        print "column " cname[i] " " ctype[i] " " c
    }
    print "primary_key " pk
    for (i = 2; i <= ni; i++)   # indexes by name
        for (j = i; j > 1 && iname[j] < iname[j - 1]; j--) {
            tmp = iname[j]; iname[j] = iname[j - 1]; iname[j - 1] = tmp
            tmp = iline[j]; iline[j] = iline[j - 1]; iline[j - 1] = tmp
        }
    for (i = 1; i <= ni; i++) print iline[i]
    t = ""
}
/^create_table / { t = $2; nc = 0; ni = 0; pk = ""; next }
t == "" { next }
/^>/ { flush(); next }
/^  primary_key \(/ {
    s = $0; sub(/^  primary_key \(/, "", s); sub(/\);[ \t]*$/, "", s); gsub(/,[ ]*/, ",", s); pk = s; next
}
/^  index / {
    s = $0; sub(/;[ \t]*$/, "", s)
    name = $2
    flags = ""   # `index NAME [unique] [async] on (...)`: the flags follow the columns here
    for (k = 3; $k != "on" && k <= NF; k++) flags = flags " " $k
    sub(/^  index [^ ]+ [^(]*on \(/, "", s)
    cols = s; sub(/\).*/, "", cols); gsub(/,[ ]*/, ",", cols)
    rest = s; sub(/^[^)]*\)/, "", rest); rest = flags rest
    if (match(rest, /cover \([^)]*\)/)) {
        cv = substr(rest, RSTART + 7, RLENGTH - 8); gsub(/,[ ]*/, ",", cv)
        rest = substr(rest, 1, RSTART - 1) "cover " cv substr(rest, RSTART + RLENGTH)
    }
    gsub(/[ ]+/, " ", rest); sub(/ $/, "", rest)
    ni++; iname[ni] = name; iline[ni] = "index " name " on " cols rest
    next
}
/^  [A-Za-z_][A-Za-z0-9_]* / {
    s = $0; sub(/;[ \t]*$/, "", s); sub(/^  /, "", s)
    nc++; cname[nc] = $1
    ty = s; sub(/^[^ ]+ +/, "", ty); mods = ty; sub(/ .*/, "", ty); ctype[nc] = ty   # types may be aligned
    sub(/^[^ ]+/, "", mods)
    cnull[nc] = mods ~ /(^| )not null( |$)/ ? "not null" : mods ~ /(^| )null( |$)/ ? "null" : ""
    next
}
