# Sourced by ci_in_chroot.sh and cuda_build_in_chroot.sh (bash, as root): a Debian chroot of a newer
# suite, its kernel file systems mounted until the calling script exits, and a clone of the
# committed HEAD at $root/src/ifedit.
#   chroot_prepare SUITE ROOT COMPONENTS   (COMPONENTS e.g. "main" or "main,contrib,non-free")
#   chroot_bash SCRIPT                       runs SCRIPT with bash inside the chroot, clean environment

chroot_prepare() {
  suite=$1
  root=$2
  local components=$3
  local mirror=${IFEDIT_DEBIAN_MIRROR:-http://deb.debian.org/debian}
  if [[ $(id -u) -ne 0 ]]; then
    echo "$(basename "$0"): needs root (debootstrap, chroot and mounts)" >&2
    exit 2
  fi
  command -v debootstrap >/dev/null || apt-get install -y -qq debootstrap >/dev/null
  if [[ ! -x $root/usr/bin/apt-get ]]; then
    echo "$(basename "$0"): bootstrapping Debian $suite ($components) into $root"
    mkdir -p "$(dirname "$root")"
    debootstrap --variant=minbase --components="$components" "$suite" "$root" "$mirror" \
      >"$root.debootstrap.log" 2>&1 ||
      { echo "$(basename "$0"): debootstrap failed, see $root.debootstrap.log" >&2; exit 2; }
  fi
  cp /etc/resolv.conf "$root/etc/resolv.conf"
  # A mirror can be a frozen snapshot whose sid Release file has passed its Valid-Until date; this
  # throwaway root does not need apt's protection against replayed indexes.
  echo 'Acquire::Check-Valid-Until "false";' >"$root/etc/apt/apt.conf.d/99ifedit-snapshot-mirror"

  # /dev and /sys are bound recursively and made slaves first, so that unmounting them here can
  # never propagate to the host's own mounts.
  trap chroot_unmount_all EXIT
  mountpoint -q "$root/proc" || mount -t proc proc "$root/proc"
  local m
  for m in dev sys; do
    if ! mountpoint -q "$root/$m"; then
      mount --rbind "/$m" "$root/$m"
      mount --make-rslave "$root/$m"
    fi
  done

  rm -rf "$root/src/ifedit"
  mkdir -p "$root/src"
  git clone -q "$project" "$root/src/ifedit"
}

chroot_unmount_all() {
  local m
  for m in dev sys proc; do
    if mountpoint -q "$root/$m"; then umount -R "$root/$m" || umount -lR "$root/$m"; fi
  done
}

chroot_bash() {
  chroot "$root" /usr/bin/env -i HOME=/root PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 \
    DEBIAN_FRONTEND=noninteractive /bin/bash -c "$1"
}
