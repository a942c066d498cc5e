# md2man.awk - turn docs/language.md into the manual page mig(5), so the language reference is
# written once. It knows the Markdown that file uses, and nothing more: headings (# ## ###),
# paragraphs, `*`/`-` lists with indented continuation lines, fenced code blocks, pipe tables,
# and inline `code`, ``code``, **bold**, *emphasis* and [links](target).
#
#   awk -v version=VERSION -f md2man.awk docs/language.md > mig.5
#
# The output uses tbl (its first line asks man for it) and is checked with groff -ww.

function esc(s) {                      # text as groff reads it literally
    gsub(/\\/, "\\e", s)
    return s
}

function code(s) {                     # inline code: bold, dashes kept as dashes
    s = esc(s)
    gsub(/-/, "\\-", s)
    return "\\fB" s "\\fR"
}

function inline(s,    out, i, c, j, k, t, bold) {
    out = ""; bold = 0
    for (i = 1; i <= length(s); i++) {
        c = substr(s, i, 1)
        if (substr(s, i, 2) == "``" && (j = index(substr(s, i + 2), "``")) > 0) {
            t = substr(s, i + 2, j - 1)
            sub(/^ /, "", t); sub(/ $/, "", t)
            out = out code(t); i += j + 2
        } else if (c == "`" && (j = index(substr(s, i + 1), "`")) > 0) {
            out = out code(substr(s, i + 1, j - 1)); i += j
        } else if (substr(s, i, 2) == "**") {
            out = out (bold ? "\\fR" : "\\fB"); bold = !bold; i++
        } else if (c == "*" && substr(s, i + 1, 1) ~ /[A-Za-z]/ && (j = index(substr(s, i + 1), "*")) > 0) {
            out = out "\\fI" esc(substr(s, i + 1, j - 1)) "\\fR"; i += j
        } else if (c == "[" && (j = index(substr(s, i), "](")) > 0 && (k = index(substr(s, i + j + 1), ")")) > 0) {
            out = out inline(substr(s, i + 1, j - 2)); i += j + k
        } else if (c == "\\") {
            out = out "\\e"
        } else {
            out = out c
        }
    }
    return out
}

function line(s) {                     # one output text line: a leading . or ' is text too
    if (s ~ /^[.']/) s = "\\&" s
    print s
}

function flush_item() {
    if (item != "") { print ".IP \\(bu 2"; line(inline(item)); item = "" }
}

function flush_para() {
    if (para != "") { print ".PP"; line(inline(para)); para = "" }
}

function cells(s,    n, a, i) {        # split a table row into cell[1..n]
    sub(/^[ \t]*\|/, "", s); sub(/\|[ \t]*$/, "", s)
    n = split(s, a, "|")
    for (i = 1; i <= n; i++) { cell[i] = a[i]; gsub(/^[ \t]+|[ \t]+$/, "", cell[i]) }
    return n
}

function flush_table(    r, i, n, fmt) {
    if (nrows == 0) return
    n = ncols
    fmt = ""
    for (i = 1; i <= n; i++) fmt = fmt (i > 1 ? " " : "") "lx"
    print ".TS"
    print "allbox tab(@);"
    print fmt "."
    for (r = 1; r <= nrows; r++) {
        split(rows[r], rowcell, SUBSEP)
        for (i = 1; i <= n; i++) {
            printf "%sT{\n", (i > 1 ? "@" : "")
            line((r == 1 ? "\\fB" : "") inline(rowcell[i]) (r == 1 ? "\\fR" : ""))
            printf "T}"
        }
        printf "\n"
    }
    print ".TE"
    print ".sp"
    nrows = 0
}

BEGIN {
    para = ""; item = ""; nrows = 0; fence = 0; title = 0
    print "'\\\" t"
    print ".\\\" Generated from docs/language.md by docs/man/md2man.awk; edit that file instead."
    print ".TH MIG 5 \"\" \"migc " version "\" \"File Formats\""
    print ".SH NAME"
    print "mig \\- the .mig language of migc: revisions of a YDB schema"
}

fence {
    if ($0 ~ /^```/) { print ".fi"; print ".RE"; fence = 0; next }
    s = esc($0)
    line(s)
    next
}

/^```/ {
    flush_item(); flush_para(); flush_table()
    print ".PP"; print ".RS 2"; print ".nf"
    fence = 1
    next
}

/^\|/ {
    flush_item(); flush_para()
    n = cells($0)
    if (cell[1] ~ /^:?-+:?$/) next     # the header's underline
    if (nrows == 0) ncols = n
    row = ""
    for (i = 1; i <= ncols; i++) row = row (i > 1 ? SUBSEP : "") cell[i]
    rows[++nrows] = row
    next
}

{ flush_table() }

/^# / {
    # The title: the page's name section says it; what follows is the description.
    print ".SH DESCRIPTION"
    next
}

/^## / { flush_item(); flush_para(); s = substr($0, 4); print ".SH " toupper(inline(s)); next }
/^### / { flush_item(); flush_para(); print ".SS " inline(substr($0, 5)); next }

/^Contents:/ { skip_contents = 1 }
skip_contents {
    if ($0 ~ /^[ \t]*$/) skip_contents = 0
    next
}

/^[*-] / {
    flush_para(); flush_item()
    item = substr($0, 3)
    next
}

/^[ \t]*$/ {
    flush_item(); flush_para()
    next
}

/^  +[^ ]/ && item != "" {
    s = $0; sub(/^ +/, "", s)
    item = item " " s
    next
}

{
    if (item != "") flush_item()
    s = $0; sub(/^ +/, "", s)
    para = para (para != "" ? " " : "") s
}

END {
    flush_item(); flush_para(); flush_table()
    print ".SH SEE ALSO"
    print ".BR migc (1),"
    print ".BR migrun (1)"
}
