#!/bin/sh
# Runs once inside the freshly debootstrapped base (chroot). A change here rebuilds the base.
set -eu

# The ssh client forwards LANG/LC_*: without the locale every remote command warns.
echo 'en_US.UTF-8 UTF-8' > /etc/locale.gen
locale-gen
update-locale LANG=en_US.UTF-8

# Addresses come from a per-host .network file the lab writes into the host's upper dir.
systemctl enable systemd-networkd
# Units that only add noise or CPU on idle lab hosts (2-core machine, up to 30 hosts).
systemctl mask systemd-networkd-wait-online.service apt-daily.timer apt-daily-upgrade.timer \
  e2scrub_all.timer e2scrub_reap.service fstrim.timer getty@tty1.service systemd-resolved.service 2>/dev/null || true

# Per-host identity (host keys, machine-id) is written by the lab into each host's upper dir:
# a shared base must not carry one identity for every host.
rm -f /etc/ssh/ssh_host_*
: > /etc/machine-id
rm -f /var/lib/dbus/machine-id

cat > /etc/ssh/sshd_config.d/muster-lab.conf <<'CONF'
# Lab hosts: key login for root only; room for benchmark fan-out (many parallel sessions/handshakes).
HostKey /etc/ssh/ssh_host_ed25519_key
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UseDNS no
MaxSessions 32
MaxStartups 200:30:400
CONF

# Air-gapped: no resolver to ask; names come from /etc/hosts.
printf '# muster lab: no DNS, names are in /etc/hosts\n' > /etc/resolv.conf

apt-get clean
rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin /var/log/apt/* /var/log/dpkg.log /tmp/* /var/tmp/*
