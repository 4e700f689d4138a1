# Muster module prelude: shared by every module script (POSIX sh, no bashisms).
# A script prints whatever its commands print, then one result block after the last line
# "@@muster@@": key=value lines, or key:b64=BASE64 for values that hold line breaks or binary.
# This file only defines functions (and mu_nl): a shell session defines them once and runs each task
# in a subshell that starts with mu_init.
mu_nl='
'
# mu_init: the state of one task.
mu_init() {
  mu_fields=
  mu_changed=0
  mu_tmp=
  mu_t2=
  mu_validate=
  mu_info=
  mu_sp=
  trap 'if [ -n "$mu_tmp" ]; then rm -f -- "$mu_tmp"; fi; if [ -n "$mu_t2" ]; then rm -f -- "$mu_t2"; fi' EXIT
  trap 'exit 130' HUP INT TERM
  # A controller that dies closes our stdout: the next write raises SIGPIPE, whose default action
  # would kill the script before the EXIT trap removes its temporary file. A handler (not an ignore,
  # which commands would inherit) turns it into an ordinary exit.
  trap 'exit 141' PIPE
}
# mu_input: the task's input data (file content, a command's stdin, curl's configuration). A session
# carries it in mu_in (a shell word: printf is a builtin, so nothing is forked); a task sent alone
# reads it from the connection's stdin.
mu_input() {
  if [ "${mu_in+set}" = set ]; then printf '%s' "$mu_in"; else cat; fi
}
mu_set() {
  case $2 in
    *"$mu_nl"*) mu_fields="$mu_fields$1:b64=$(printf '%s' "$2" | base64 | tr -d '\n')$mu_nl" ;;
    *) mu_fields="$mu_fields$1=$2$mu_nl" ;;
  esac
}
mu_set_file() {
  mu_fields="$mu_fields$1:b64=$(base64 < "$2" | tr -d '\n')$mu_nl"
}
mu_change() {
  mu_changed=1
  mu_set change "$1"
}
mu_done() {
  printf '\n@@muster@@\nchanged=%s\n%s' "$mu_changed" "$mu_fields"
  exit 0
}
mu_fail() {
  mu_set msg "$1"
  printf '\n@@muster@@\nfailed=1\nchanged=%s\n%s' "$mu_changed" "$mu_fields"
  exit 1
}
# mu_dir PATH: the directory that holds PATH, in mu_d, without forking dirname.
mu_dir() {
  case $1 in
    */*) mu_d=${1%/*}; [ -n "$mu_d" ] || mu_d=/ ;;
    *) mu_d=. ;;
  esac
}
# mu_sym_mode CURRENT MODE: resolves a symbolic MODE made only of [ugoa]+ who letters, [-+=] and
# [rwx] into mu_m, in shell arithmetic; returns 1 for anything else (X, s, t, u/g/o copies, or no
# who letter, where the umask matters), which the probe file then answers.
mu_sym_mode() {
  mu_yv=$((0$1)); mu_yr=$2,
  while [ -n "$mu_yr" ]; do
    mu_yc=${mu_yr%%,*}; mu_yr=${mu_yr#*,}
    mu_yw=0
    while :; do
      case $mu_yc in
        u*) mu_yw=$((mu_yw | 04700)) ;;
        g*) mu_yw=$((mu_yw | 02070)) ;;
        o*) mu_yw=$((mu_yw | 01007)) ;;
        a*) mu_yw=$((mu_yw | 07777)) ;;
        *) break ;;
      esac
      mu_yc=${mu_yc#?}
    done
    [ "$mu_yw" != 0 ] && [ -n "$mu_yc" ] || return 1
    while [ -n "$mu_yc" ]; do
      mu_yo=${mu_yc%"${mu_yc#?}"}; mu_yc=${mu_yc#?}
      mu_yb=0
      while :; do
        case $mu_yc in
          r*) mu_yb=$((mu_yb | 0444)) ;;
          w*) mu_yb=$((mu_yb | 0222)) ;;
          x*) mu_yb=$((mu_yb | 0111)) ;;
          [-+=]*|'') break ;;
          *) return 1 ;;
        esac
        mu_yc=${mu_yc#?}
      done
      mu_yb=$((mu_yb & mu_yw))
      case $mu_yo in
        +) mu_yv=$((mu_yv | mu_yb)) ;;
        -) mu_yv=$((mu_yv & ~mu_yb)) ;;
        =) mu_yv=$(((mu_yv & ~mu_yw) | mu_yb)) ;;
        *) return 1 ;;
      esac
    done
  done
  mu_octal "$mu_yv"
}
# mu_octal N: N (at most 07777) in octal digits without leading zeros, as stat -c %a prints a mode, in mu_m;
# printf '%o' would need a $(...), a process.
mu_octal() {
  mu_m=
  for mu_yk in 9 6 3 0; do
    mu_yb=$((($1 >> mu_yk) & 7))
    if [ -n "$mu_m" ] || [ "$mu_yb" != 0 ]; then mu_m=$mu_m$mu_yb; fi
  done
  [ -n "$mu_m" ] || mu_m=0
}
# mu_mode_of CURRENT MODE: mu_want_mode without a process: returns 1 for a MODE that needs the probe file.
mu_mode_of() {
  case $2 in
    [0-7]|[0-7][0-7]|[0-7][0-7][0-7]|[0-7][0-7][0-7][0-7]) mu_m=$2 ;;
    *) mu_sym_mode "$1" "$2" ;;
  esac
}
# mu_want_mode CURRENT MODE: the octal mode (as stat prints it) a file whose mode is CURRENT would have
# after chmod MODE, in mu_m. A symbolic MODE that mu_sym_mode cannot resolve without forking is
# resolved by chmod itself on a probe file (five processes).
mu_want_mode() {
  if mu_mode_of "$1" "$2"; then return 0; fi
  mu_p=$(mktemp) || mu_fail "cannot create a probe file for mode $2"
  mu_m=
  chmod -- "$1" "$mu_p" && chmod -- "$2" "$mu_p" && mu_m=$(stat -c %a -- "$mu_p")
  rm -f -- "$mu_p"
  [ -n "$mu_m" ] || mu_fail "invalid mode $2"
}
# mu_attrs PATH MODE OWNER GROUP: bring permissions and ownership to what is asked (empty = leave);
# in check mode only record what would change. One stat reads all of them: every process costs
# about a millisecond on a busy target, and this runs at the end of most file tasks. The fields are
# split on "/", which no mode, number or user/group name can hold. With mu_info=1 (modules whose
# results carry Ansible's path information: uid, gid, owner, group, mode, state, size) the same stat
# is reported as the field pinfo, read again only when something changed; the old mode and owner go
# to mode_before/uid_before/gid_before for the result's diff.
mu_attrs() {
  [ -n "$2$3$4" ] || [ "$mu_info" = 1 ] || return 0
  mu_lstat "$1"
  mu_a=$mu_st
  mu_ai=$mu_a
  mu_am=${mu_a%%/*}; mu_a=${mu_a#*/}
  mu_au=${mu_a%%/*}; mu_a=${mu_a#*/}
  mu_aU=${mu_a%%/*}; mu_a=${mu_a#*/}
  mu_ag=${mu_a%%/*}; mu_a=${mu_a#*/}
  mu_aG=${mu_a%%/*}
  mu_ac=0
  if [ -n "$2" ]; then
    mu_want_mode "$mu_am" "$2"
    if [ "$mu_am" != "$mu_m" ]; then
      mu_change "mode $mu_m"; mu_ac=1; mu_set mode_before "$mu_am"; mu_set mode_after "$mu_m"
      [ "$mu_check" = 1 ] || chmod -- "$mu_m" "$1" || mu_fail "cannot chmod $1"
    fi
  fi
  if [ -n "$3" ] && [ "$mu_aU" != "$3" ] && [ "$mu_au" != "$3" ]; then
    # a name that does not exist fails in check mode too, in Ansible's words (a number needs no name)
    case $3 in *[!0-9]*) getent passwd -- "$3" >/dev/null || mu_fail "chown failed: failed to look up user $3" ;; esac
    mu_change "owner $3"; mu_ac=1; mu_set uid_before "$mu_au"
    [ "$mu_check" = 1 ] || chown -h -- "$3" "$1" || mu_fail "cannot chown $1 to $3"
  fi
  if [ -n "$4" ] && [ "$mu_aG" != "$4" ] && [ "$mu_ag" != "$4" ]; then
    case $4 in *[!0-9]*) getent group -- "$4" >/dev/null || mu_fail "chgrp failed: failed to look up group $4" ;; esac
    mu_change "group $4"; mu_ac=1; mu_set gid_before "$mu_ag"
    [ "$mu_check" = 1 ] || chgrp -h -- "$4" "$1" || mu_fail "cannot chgrp $1 to $4"
  fi
  if [ "$mu_info" = 1 ]; then
    if [ "$mu_ac" = 1 ] && [ "$mu_check" != 1 ]; then mu_sp=; mu_lstat "$1"; mu_ai=$mu_st; fi
    mu_set pinfo "$mu_ai"
  elif [ "$mu_ac" = 1 ] && [ "$mu_check" != 1 ]; then
    mu_sp=
  fi
}
# mu_lstat PATH: the lstat fields mu_attrs reads (%a/%u/%U/%g/%G/%f/%h/%s) in mu_st. A task reads them once per
# path (mu_sp names the path they are of): what changes the path (mu_write's rename, mu_attrs' chmod/chown)
# forgets them, so the next call reads them again.
mu_lstat() {
  if [ "$mu_sp" != "x$1" ]; then
    mu_st=$(stat -c '%a/%u/%U/%g/%G/%f/%h/%s' -- "$1") || mu_fail "cannot stat $1"
    mu_sp=x$1
  fi
}
# mu_write DEST MODE OWNER GROUP [SHA256 [input]] < CONTENT: atomic replacement (with "input": the content is
# the task's input data, see mu_input). The content goes to a temporary file in the same directory (mu_wopen),
# gets its final attributes there, then one rename puts it in place (mu_wclose): an interrupted run leaves the
# old file or the new one, never half of one. Content that comes over the connection's stdin is checked against
# the SHA256 the controller computed: when the controller dies mid-transfer, cat just sees an early end of
# input, and only the sum tells a truncated file. Content that rides inside a session's task (mu_in) needs no
# such check: a task cut short never runs, its closing parenthesis never arrived.
mu_write() {
  mu_wopen "$1" "$2" "$3" "$4"
  if [ "$6" = input ]; then mu_input > "$mu_tmp"; else cat > "$mu_tmp"; fi || mu_fail "cannot write $1"
  if [ -n "$5" ] && { [ "$6" != input ] || [ "${mu_in+set}" != set ]; }; then
    mu_got=$(sha256sum < "$mu_tmp") || mu_fail "cannot read back $mu_tmp"
    mu_got=${mu_got%% *}
    [ "$mu_got" = "$5" ] || mu_fail "the content for $1 arrived incomplete (sha256 $mu_got, expected $5); $1 is unchanged"
  fi
  mu_wclose "$1" "$2" "$3" "$4"
}
# mu_wopen DEST MODE OWNER GROUP: the temporary file for DEST's new content, empty, in mu_tmp. When its final
# attributes are known and plain (no owner or group to set, no validate, DEST not a link, a mode within 0666:
# DEST's own when we own it, else the umask's default, then MODE applied to it) it is created with them
# (mu_tmpm=1) and mu_wclose has no chmod to run; else it is created readable by us only.
mu_wopen() {
  mu_dir "$1"
  [ -d "$mu_d" ] || mu_fail "directory $mu_d does not exist"
  mu_wm=
  if [ -z "$3$4$mu_validate" ] && [ -n "$mu_tn" ] && [ ! -L "$1" ]; then
    if [ -e "$1" ]; then
      if [ -f "$1" ] && [ -O "$1" ] && [ -G "$1" ]; then mu_lstat "$1"; mu_wm=${mu_st%%/*}; fi
    else
      mu_umask
      mu_octal $((0666 & ~0$mu_um)); mu_wm=$mu_m
    fi
    if [ -n "$mu_wm" ] && [ -n "$2" ]; then if mu_mode_of "$mu_wm" "$2"; then mu_wm=$mu_m; else mu_wm=; fi; fi
    if [ -n "$mu_wm" ] && [ $((0$mu_wm & ~0666)) != 0 ]; then mu_wm=; fi
  fi
  mu_mktemp "$mu_d" "$mu_wm"
}
# mu_wclose DEST MODE OWNER GROUP: the temporary file gets DEST's attributes (unless created with them), is
# validated, and renamed into place.
mu_wclose() {
  if [ "$mu_tmpm" != 1 ] || [ ! -G "$mu_tmp" ]; then
    if [ -e "$1" ]; then
      chmod --reference="$1" -- "$mu_tmp" 2>/dev/null
      chown --reference="$1" -- "$mu_tmp" 2>/dev/null
    else
      # a new file: the umask's default mode, then MODE; one chmod where MODE resolves without a process
      mu_umask
      mu_octal $((0666 & ~0$mu_um))
      if [ -n "$2" ] && [ -z "$mu_validate" ] && mu_mode_of "$mu_m" "$2"; then
        chmod -- "$mu_m" "$mu_tmp" || mu_fail "cannot chmod $1 to $2"
        mu_wm=done
      else
        chmod -- "$mu_m" "$mu_tmp"
      fi
    fi
    if [ "$mu_wm" != done ]; then
      if [ -n "$mu_validate" ]; then mu_check_valid "$mu_tmp"; fi
      if [ -n "$2" ]; then chmod -- "$2" "$mu_tmp" || mu_fail "cannot chmod $1 to $2"; fi
    fi
  fi
  if [ -n "$3" ]; then chown -- "$3" "$mu_tmp" || mu_fail "cannot chown $1 to $3"; fi
  if [ -n "$4" ]; then chgrp -- "$4" "$mu_tmp" || mu_fail "cannot chgrp $1 to $4"; fi
  mv -f -- "$mu_tmp" "$1" || mu_fail "cannot rename into $1"
  mu_tmp=
  mu_sp=
}
# mu_umask: the shell's umask in mu_um (a session reads it once, as it opens; umask's output needs a $(...)).
mu_umask() {
  [ -n "$mu_um" ] || mu_um=$(umask)
}
# mu_mktemp DIR [MODE]: a new empty file in DIR, in mu_tmp. In a session, the task's random token mu_tn names
# it and the shell creates it (noclobber: never a file that exists), with MODE when given (then mu_tmpm=1),
# else readable by us only, as mktemp makes it; mktemp makes it when there is no token or the name is taken.
mu_mktemp() {
  mu_tmp=
  mu_tmpm=0
  mu_tp=$1/.muster.$mu_tn
  if [ -n "$mu_tn" ] && [ ! -e "$mu_tp" ] && [ ! -L "$mu_tp" ]; then
    mu_umask
    if [ -n "$2" ]; then mu_octal $((0777 & ~0$2)); else mu_m=077; fi
    umask "$mu_m"; set -C
    if { : > "$mu_tp"; } 2>/dev/null; then mu_tmp=$mu_tp; [ -z "$2" ] || mu_tmpm=1; fi
    set +C; umask "$mu_um"
    if [ -n "$mu_tmp" ]; then return 0; fi
  fi
  mu_tmp=$(mktemp "$1/.muster.XXXXXX") || mu_fail "cannot create a temporary file in $1"
}
# mu_backup PATH: a copy beside PATH, named like Ansible's, whose name is reported.
mu_backup() {
  if [ -f "$1" ]; then
    mu_b="$1.$$.$(date +%Y-%m-%d@%H:%M:%S)~"
    cp -p -- "$1" "$mu_b" || mu_fail "cannot back up $1"
    mu_set backup_file "$mu_b"
  fi
}
# mu_sha256 PATH: the file's sha256 in mu_sum, empty when there is no regular file.
mu_sha256() {
  mu_sum=
  if [ -f "$1" ]; then
    mu_sum=$(sha256sum < "$1") || mu_fail "cannot read $1"
    mu_sum=${mu_sum%% *}
  fi
}
# mu_same PATH SIZE SHA256: whether PATH holds exactly the content of SIZE bytes whose sha256 is SHA256, in mu_sum:
# empty when there is no regular file, "same" or "other"; PATH's size in mu_size. A file of another size (its
# lstat, which mu_attrs reads anyway) holds other content, and a small one is compared with the task's input
# (mu_in) by the shell itself: sha256sum runs only for large or linked files, or without a session.
mu_same() {
  mu_sum=
  mu_size=
  [ -f "$1" ] || return 0
  [ -r "$1" ] || mu_fail "cannot read $1"
  mu_sum=other
  if [ ! -L "$1" ]; then
    mu_lstat "$1"
    mu_size=${mu_st##*/}
    [ "$mu_size" = "$2" ] || return 0
    if [ "${mu_in+set}" = set ] && [ "$2" -le 6144 ]; then
      mu_read "$1"
      if [ "$mu_rd" = "$mu_in" ]; then mu_sum=same; fi
      mu_rd=
      return 0
    fi
  fi
  mu_sha256 "$1"
  if [ "$mu_sum" = "$3" ]; then mu_sum=same; else mu_sum=other; fi
}
# mu_read PATH: the file's whole content in mu_rd, read by the shell's own read (one system call per byte: small
# files only; on a lab host 4 KB cost about what sha256sum's process does, so mu_same reads up to 6 KB). read drops NUL bytes, so a file holding one reads shorter than its size, never equal to content
# of that size.
mu_read() {
  mu_rd=
  mu_l=
  { while IFS= read -r mu_l; do mu_rd=$mu_rd$mu_l$mu_nl; done; mu_rd=$mu_rd$mu_l; } < "$1" || mu_fail "cannot read $1"
}
# mu_check_valid TMP: run the validate command on the new content; a refusal fails the task in the module's words
# (Ansible's: lineinfile and blockinfile "failed to validate: rc:N error:STDERR", copy and template "failed to
# validate").
mu_check_valid() {
  mu_verr=$(mu_validate "$1" 2>&1 >/dev/null; echo ".$?")
  mu_vrc=${mu_verr##*.}; mu_verr=${mu_verr%.*}
  [ "$mu_vrc" = 0 ] && return 0
  if [ "$mu_validate" = edit ]; then mu_fail "failed to validate: rc:$mu_vrc error:$mu_verr"; fi
  mu_set exit_status "$mu_vrc"; mu_set stderr "$mu_verr"
  mu_fail "failed to validate"
}
# mu_edit PATH MODE OWNER GROUP BACKUP CREATE WHO: run the awk edit program in $mu_awk over PATH (or an empty
# file when PATH is missing and CREATE is 1; else the failure names PATH as "WHO PATH does not exist !", the
# module's word as in Ansible); awk exits 10 when its output differs. The result replaces
# PATH atomically, unless in check mode. A first awk run only checks (MU_CO=1, no output): most runs
# find nothing to do, and then no temporary file is made or removed, one process instead of four.
mu_edit() {
  if [ -d "$1" ]; then mu_set rc 256; mu_fail "Path $1 is a directory !"; fi
  if [ ! -e "$1" ]; then
    if [ "$6" != 1 ]; then mu_set rc 257; mu_fail "$7 $1 does not exist !"; fi
    mu_src=/dev/null
  else
    [ -f "$1" ] || mu_fail "$1 is not a regular file"
    mu_src=$1
  fi
  mu_what=$(MU_CO=1 awk "$mu_awk" "$mu_src")
  mu_rc=$?
  [ -z "$mu_what" ] || mu_set what "$mu_what"
  case $mu_rc in
    0) ;;
    10)
      if [ "$mu_src" = /dev/null ]; then mu_change created; else mu_change content; fi
      if [ "$mu_check" != 1 ]; then
        # awk writes straight into the temporary file beside PATH, which is then renamed into place
        mu_dir "$1"
        [ -d "$mu_d" ] || mkdir -p -- "$mu_d" || mu_fail "cannot create directory $mu_d"
        mu_wopen "$1" "$2" "$3" "$4"
        MU_CO=0 awk "$mu_awk" "$mu_src" > "$mu_tmp"
        mu_rc=$?
        [ "$mu_rc" = 10 ] || mu_fail "editing $1 failed (awk exit $mu_rc)"
        if [ "$mu_diff" = 1 ]; then
          if [ "$mu_src" != /dev/null ]; then mu_set_file before "$mu_src"; fi
          mu_set_file after "$mu_tmp"
        fi
        if [ "$5" = 1 ]; then mu_backup "$1"; fi
        mu_wclose "$1" "$2" "$3" "$4"
      elif [ "$mu_diff" = 1 ]; then
        mu_t2=$(mktemp) || mu_fail "cannot create a temporary file"
        MU_CO=0 awk "$mu_awk" "$mu_src" > "$mu_t2"
        mu_rc=$?
        [ "$mu_rc" = 10 ] || mu_fail "editing $1 failed (awk exit $mu_rc)"
        if [ "$mu_src" != /dev/null ]; then mu_set_file before "$mu_src"; fi
        mu_set_file after "$mu_t2"
        rm -f -- "$mu_t2"
        mu_t2=
      fi
      ;;
    *) mu_fail "editing $1 failed (awk exit $mu_rc)" ;;
  esac
  if [ -e "$1" ]; then mu_attrs "$1" "$2" "$3" "$4"; fi
}
