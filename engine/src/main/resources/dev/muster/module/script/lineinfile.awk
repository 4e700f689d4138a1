# lineinfile: ensure one line is present (replacing the last line matching MU_RE or containing
# MU_SS, or added at MU_IA/MU_IB) or absent. MU_HRE/MU_HSS say whether MU_RE/MU_SS were given: an
# empty one given matches every line, as in Ansible. Exits 10 when the output differs from the input.
# With MU_CO=1 it only checks: it prints only what it would do (added, replaced, removed N: the module's msg),
# and the exit status says whether a change is needed.
function emit(t) { if (!co) print t }
# whether line t matches the given regexp or search_string (index() finds no empty string, so that is every line)
# (regexps are matched against the line with its newline, as Ansible's readlines() gives it: PythonRegex writes them so)
function hit(t) { return (hre && (t "\n") ~ re) || (hss && (ss == "" || index(t, ss) > 0)) }
BEGIN {
  co = (ENVIRON["MU_CO"] == "1")
  hre = (ENVIRON["MU_HRE"] == "1"); re = ENVIRON["MU_RE"]; hss = (ENVIRON["MU_HSS"] == "1"); ss = ENVIRON["MU_SS"]; line = ENVIRON["MU_LINE"]; state = ENVIRON["MU_STATE"]
  ia = ENVIRON["MU_IA"]; ib = ENVIRON["MU_IB"]; fm = (ENVIRON["MU_FM"] == "1")
  # backrefs: the script found the line (MU_AT, 0 for none) and expanded MU_LINE with grep and sed (back-references)
  br = (ENVIRON["MU_BR"] == "1"); brat = ENVIRON["MU_AT"] + 0
}
{ l[++n] = $0 }
END {
  changed = 0
  if (state == "absent") {
    m = 0
    for (i = 1; i <= n; i++) {
      if ((hre || hss) ? hit(l[i]) : l[i] == line) changed++; else out[++m] = l[i]
    }
    if (co && changed) print "removed " changed
    for (i = 1; i <= m; i++) emit(out[i])
    exit changed ? 10 : 0
  }
  if (br) {
    # as Ansible: the matched line becomes the expansion; no match changes nothing (nothing to expand)
    if (brat > 0 && brat <= n && l[brat] != line) { l[brat] = line; changed = 1; if (co) print "replaced" }
    for (i = 1; i <= n; i++) emit(l[i])
    exit changed ? 10 : 0
  }
  at = 0
  for (i = 1; i <= n; i++) {
    if (hit(l[i])) { at = i; if (fm) break }
  }
  if (at == 0) for (i = 1; i <= n; i++) if (l[i] == line) { at = i; break }
  if (at > 0) {
    if (l[at] != line) { l[at] = line; changed = 1; if (co) print "replaced" }
    for (i = 1; i <= n; i++) emit(l[i])
    exit changed ? 10 : 0
  }
  pos = n + 1
  if (ib == "BOF" || ia == "BOF") pos = 1
  else if (ib != "") { for (i = 1; i <= n; i++) if ((l[i] "\n") ~ ib) { pos = i; if (fm) break } }
  else if (ia != "" && ia != "EOF") { for (i = 1; i <= n; i++) if ((l[i] "\n") ~ ia) { pos = i + 1; if (fm) break } }
  if (co) print "added"
  for (i = 1; i < pos; i++) emit(l[i])
  emit(line)
  for (i = pos; i <= n; i++) emit(l[i])
  exit 10
}
