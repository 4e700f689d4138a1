# blockinfile: keep the lines between the MU_BEGIN and MU_END marker lines equal to MU_BLOCK
# (inserted at MU_IA/MU_IB when the markers are missing), or remove them with their markers.
# Exits 10 when the output differs from the input.
# With MU_CO=1 it only checks: it prints nothing, and the exit status alone says whether a change is needed.
function emit(t) { if (!co) print t }
# A (?m) insertafter/insertbefore (MU_ML, rewritten by MultilineRegex): the leftmost match in the whole text,
# tried at every line start when anchored (MU_MLA); the block goes after the line where the match ends
# (MU_MLE: the match took that line's newline) or before the line where it starts. No match: the end.
function mlpos(   w, off, i, s, e, k) {
  w = ""
  for (i = 1; i <= n; i++) { off[i] = length(w) + 1; w = w l[i] "\n" }
  s = 0
  if (mla) { for (i = 1; i <= n && !s; i++) if (match(substr(w, off[i]), "^" ml)) { s = off[i] + RSTART - 1; e = s + RLENGTH } }
  else if (match(w, ml)) { s = RSTART; e = s + RLENGTH }
  if (!s) return n + 1
  if (mle) e--
  k = 0
  if (ia != "") { for (i = 1; i < e; i++) if (substr(w, i, 1) == "\n") k++; return (k + 2 > n + 1) ? n + 1 : k + 2 }
  for (i = 1; i < s; i++) if (substr(w, i, 1) == "\n") k++
  return k + 1
}
BEGIN {
  co = (ENVIRON["MU_CO"] == "1")
  b = ENVIRON["MU_BEGIN"]; e = ENVIRON["MU_END"]; blk = ENVIRON["MU_BLOCK"]; state = ENVIRON["MU_STATE"]
  ia = ENVIRON["MU_IA"]; ib = ENVIRON["MU_IB"]
  ml = ENVIRON["MU_ML"]; mla = (ENVIRON["MU_MLA"] == "1"); mle = (ENVIRON["MU_MLE"] == "1")
  nb = (blk == "") ? 0 : split(blk, bl, "\n")
  remove = (state == "absent" || nb == 0)
}
{ l[++n] = $0 }
END {
  s = 0; f = 0
  for (i = 1; i <= n; i++) {
    if (!s && l[i] == b) s = i
    else if (s && !f && l[i] == e) f = i
  }
  if (s && f) {
    if (!remove) {
      same = (f - s - 1 == nb)
      for (i = 1; same && i <= nb; i++) if (l[s + i] != bl[i]) same = 0
      if (same) { for (i = 1; i <= n; i++) emit(l[i]); exit 0 }
    }
    for (i = 1; i < s; i++) emit(l[i])
    if (!remove) { emit(b); for (i = 1; i <= nb; i++) emit(bl[i]); emit(e) }
    for (i = f + 1; i <= n; i++) emit(l[i])
    exit 10
  }
  if (remove) { for (i = 1; i <= n; i++) emit(l[i]); exit 0 }
  pos = n + 1
  if (ml != "") pos = mlpos()
  else if (ib == "BOF") pos = 1
  else if (ib != "") { for (i = 1; i <= n; i++) if ((l[i] "\n") ~ ib) pos = i }
  else if (ia != "" && ia != "EOF") { for (i = 1; i <= n; i++) if ((l[i] "\n") ~ ia) pos = i + 1 }
  for (i = 1; i < pos; i++) emit(l[i])
  emit(b); for (i = 1; i <= nb; i++) emit(bl[i]); emit(e)
  for (i = pos; i <= n; i++) emit(l[i])
  exit 10
}
