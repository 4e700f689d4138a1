# lineinfile: ensure one line is present (replacing the last line matching MU_RE or containing
# MU_SS, or added at MU_IA/MU_IB) or absent. Exits 10 when the output differs from the input.
# With MU_CO=1 it only checks: it prints nothing, and the exit status alone says whether a change is needed.
function emit(t) { if (!co) print t }
BEGIN {
  co = (ENVIRON["MU_CO"] == "1")
  re = ENVIRON["MU_RE"]; ss = ENVIRON["MU_SS"]; line = ENVIRON["MU_LINE"]; state = ENVIRON["MU_STATE"]
  ia = ENVIRON["MU_IA"]; ib = ENVIRON["MU_IB"]; fm = (ENVIRON["MU_FM"] == "1")
}
{ l[++n] = $0 }
END {
  changed = 0
  if (state == "absent") {
    m = 0
    for (i = 1; i <= n; i++) {
      if (re != "") hit = (l[i] ~ re); else if (ss != "") hit = (index(l[i], ss) > 0); else hit = (l[i] == line)
      if (hit) changed = 1; else out[++m] = l[i]
    }
    for (i = 1; i <= m; i++) emit(out[i])
    exit changed ? 10 : 0
  }
  at = 0
  for (i = 1; i <= n; i++) {
    if ((re != "" && l[i] ~ re) || (ss != "" && index(l[i], ss) > 0)) { at = i; if (fm) break }
  }
  if (at == 0) for (i = 1; i <= n; i++) if (l[i] == line) { at = i; break }
  if (at > 0) {
    if (l[at] != line) { l[at] = line; changed = 1 }
    for (i = 1; i <= n; i++) emit(l[i])
    exit changed ? 10 : 0
  }
  pos = n + 1
  if (ib == "BOF") pos = 1
  else if (ib != "") { for (i = 1; i <= n; i++) if (l[i] ~ ib) { pos = i; if (fm) break } }
  else if (ia != "" && ia != "EOF") { for (i = 1; i <= n; i++) if (l[i] ~ ia) { pos = i + 1; if (fm) break } }
  for (i = 1; i < pos; i++) emit(l[i])
  emit(line)
  for (i = pos; i <= n; i++) emit(l[i])
  exit 10
}
