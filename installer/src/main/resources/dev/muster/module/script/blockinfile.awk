# blockinfile: keep the lines between the MU_BEGIN and MU_END marker lines equal to MU_BLOCK
# (inserted at MU_IA/MU_IB when the markers are missing), or remove them with their markers.
# Exits 10 when the output differs from the input.
BEGIN {
  b = ENVIRON["MU_BEGIN"]; e = ENVIRON["MU_END"]; blk = ENVIRON["MU_BLOCK"]; state = ENVIRON["MU_STATE"]
  ia = ENVIRON["MU_IA"]; ib = ENVIRON["MU_IB"]
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
      if (same) { for (i = 1; i <= n; i++) print l[i]; exit 0 }
    }
    for (i = 1; i < s; i++) print l[i]
    if (!remove) { print b; for (i = 1; i <= nb; i++) print bl[i]; print e }
    for (i = f + 1; i <= n; i++) print l[i]
    exit 10
  }
  if (remove) { for (i = 1; i <= n; i++) print l[i]; exit 0 }
  pos = n + 1
  if (ib == "BOF") pos = 1
  else if (ib != "") { for (i = 1; i <= n; i++) if (l[i] ~ ib) pos = i }
  else if (ia != "" && ia != "EOF") { for (i = 1; i <= n; i++) if (l[i] ~ ia) pos = i + 1 }
  for (i = 1; i < pos; i++) print l[i]
  print b; for (i = 1; i <= nb; i++) print bl[i]; print e
  for (i = pos; i <= n; i++) print l[i]
  exit 10
}
