#!/usr/bin/env bash
# Starts PicoShare, under Litestream when a replica is configured (issue 5).
#
#   docker-entrypoint.sh [SERVER FLAGS...]    start the server (no -db flag: -db /data/store.db)
#   docker-entrypoint.sh litestream ARGS...   run Litestream with this configuration, e.g.
#                                             `litestream snapshots /data/store.db` in a restore drill
#   docker-entrypoint.sh healthcheck          exit 0 when GET /healthz answers 200 (Docker HEALTHCHECK)
#
# Replication is on when one of these is set (never both kinds):
#   LITESTREAM_BUCKET, or BUCKET_NAME as `fly storage create` sets it: an S3-compatible bucket
#   LITESTREAM_REPLICA_PATH: a local folder, for trying Litestream out and for tests
# Then the database is restored if it is missing and a replica exists, and the server runs
# as a child of `litestream replicate`, which passes signals on to it and syncs a last time
# once it has exited. litestream.yml lists the variables for the bucket.
#
# The image sets the paths below; outside it they default to this checkout:
#   LITESTREAM_BIN      the Litestream binary (npm package @flydotio/litestream-linux-x64)
#   LITESTREAM_CONFIG   litestream.yml
#   PICOSHARE_COMMAND   the server command, split on spaces (default: node dist/src/main.js)
#   PICOSHARE_USER      when set and started as root: give the database folder to this user
#                       and run as them (Fly mounts volumes owned by root)
set -euo pipefail

say() { printf 'entrypoint: %s\n' "$*" >&2; }
die() {
  say "error: $*"
  exit 2
}

root=$(cd "$(dirname "$0")/.." && pwd -P)
litestream=${LITESTREAM_BIN:-$root/node_modules/@flydotio/litestream-linux-x64/litestream}
export LITESTREAM_CONFIG=${LITESTREAM_CONFIG:-$root/litestream.yml}

healthcheck() {
  local status
  exec 3<>"/dev/tcp/127.0.0.1/${PORT:-4001}"
  printf 'GET /healthz HTTP/1.0\r\nHost: localhost\r\n\r\n' >&3
  read -r -t 5 _ status _ <&3
  [ "$status" = 200 ]
}

# Prints the server's -db flag (-db x, -db=x, --db x, --db=x; the last one wins, as in the server).
find_db_flag() {
  local previous='' arg found=''
  for arg in "$@"; do
    case $previous in -db | --db) found=$arg ;; esac
    case $arg in -db=* | --db=*) found=${arg#*=} ;; esac
    previous=$arg
  done
  printf '%s' "$found"
}

# Runs this script again as PICOSHARE_USER, after handing them the folders it writes to.
drop_privileges() {
  local dir
  for dir in "$(dirname "$DB_PATH")" ${LITESTREAM_REPLICA_PATH:+"$LITESTREAM_REPLICA_PATH"}; do
    mkdir -p "$dir"
    if [ -n "$(find "$dir" ! -user "$PICOSHARE_USER" -print -quit)" ]; then
      say "giving $dir to user $PICOSHARE_USER"
      chown -R "$PICOSHARE_USER:" "$dir"
    fi
  done
  exec setpriv --reuid="$PICOSHARE_USER" --regid="$(id -g "$PICOSHARE_USER")" --init-groups "$0" "$@"
}

# Fills in the variables litestream.yml reads; returns 1 when no replica is configured.
configure_replica() {
  export LITESTREAM_BUCKET=${LITESTREAM_BUCKET:-${BUCKET_NAME:-}}
  local folder=${LITESTREAM_REPLICA_PATH:-}
  if [ -n "$LITESTREAM_BUCKET" ] && [ -n "$folder" ]; then
    die "LITESTREAM_BUCKET (or BUCKET_NAME) and LITESTREAM_REPLICA_PATH are both set; choose one replica"
  fi
  if [ -n "$LITESTREAM_BUCKET" ]; then
    export LITESTREAM_REPLICA_TYPE=s3 LITESTREAM_REPLICA_LOCATION=db
    export LITESTREAM_ENDPOINT=${LITESTREAM_ENDPOINT:-${AWS_ENDPOINT_URL_S3:-}}
    export LITESTREAM_REGION=${LITESTREAM_REGION:-${AWS_REGION:-}}
    # Tigris routes by itself and expects "auto"; older `fly storage create` set no AWS_REGION.
    case $LITESTREAM_REGION:$LITESTREAM_ENDPOINT in :*.tigris.dev* | :*.storage.dev*) LITESTREAM_REGION=auto ;; esac
    export LITESTREAM_ACCESS_KEY_ID=${LITESTREAM_ACCESS_KEY_ID:-${AWS_ACCESS_KEY_ID:-}}
    export LITESTREAM_SECRET_ACCESS_KEY=${LITESTREAM_SECRET_ACCESS_KEY:-${AWS_SECRET_ACCESS_KEY:-}}
    # S3 look-alikes (MinIO, B2, Tigris) take path-style requests; AWS prefers virtual hosts.
    local path_style=false
    [ -n "$LITESTREAM_ENDPOINT" ] && path_style=true
    export LITESTREAM_FORCE_PATH_STYLE=${LITESTREAM_FORCE_PATH_STYLE:-$path_style}
    case $LITESTREAM_FORCE_PATH_STYLE in
      true | false) ;;
      *) die "LITESTREAM_FORCE_PATH_STYLE must be true or false, not '$LITESTREAM_FORCE_PATH_STYLE'" ;;
    esac
    replica="s3 bucket $LITESTREAM_BUCKET${LITESTREAM_ENDPOINT:+ at $LITESTREAM_ENDPOINT}"
  elif [ -n "$folder" ]; then
    # A relative folder would be resolved against Litestream's working directory.
    case $folder in /*) ;; *) folder=$PWD/$folder ;; esac
    export LITESTREAM_REPLICA_PATH=$folder
    export LITESTREAM_REPLICA_TYPE=file LITESTREAM_REPLICA_LOCATION=$folder LITESTREAM_FORCE_PATH_STYLE=false
    replica="folder $folder"
  else
    return 1
  fi
  export LITESTREAM_RETENTION=${LITESTREAM_RETENTION:-72h}
  checkpoint_pages
  local name
  for name in DB_PATH LITESTREAM_REPLICA_LOCATION LITESTREAM_BUCKET LITESTREAM_ENDPOINT LITESTREAM_REGION \
    LITESTREAM_ACCESS_KEY_ID LITESTREAM_SECRET_ACCESS_KEY LITESTREAM_RETENTION; do
    case ${!name:-} in *"'"*) die "$name must not contain a single quote (litestream.yml quotes it)" ;; esac
  done
  [ -x "$litestream" ] || die "no Litestream binary at $litestream (npm installs it on linux x64 only; set LITESTREAM_BIN)"
}

# The database's page size: bytes 16-17 of its header (1 means 65536); new databases get 32 KiB.
page_size() {
  local size
  [ -s "$DB_PATH" ] || { printf 32768; return; }
  size=$(od -An -tu1 -j16 -N2 "$DB_PATH" | awk '{ print $1 * 256 + $2 }')
  case $size in 1) size=65536 ;; '' | 0) size=32768 ;; esac
  printf '%s' "$size"
}

# Checkpoints sized in bytes, whatever the page size (issue 11): the server pauses
# uploads once the WAL holds a sixteenth of PS_LITESTREAM_DISK_MARGIN_MB (see
# src/store/wal-pacer.ts); Litestream checkpoints passively at half that and
# forces one at all of it.
checkpoint_pages() {
  local margin=${PS_LITESTREAM_DISK_MARGIN_MB:-256}
  case $margin in '' | *[!0-9]*) die "PS_LITESTREAM_DISK_MARGIN_MB must be a whole number of MiB, not '$margin'" ;; esac
  local wal_bytes=$((margin * 1024 * 1024 / 16)) page
  page=$(page_size)
  export LITESTREAM_MIN_CHECKPOINT_PAGES=$((wal_bytes / 2 / page > 0 ? wal_bytes / 2 / page : 1))
  export LITESTREAM_MAX_CHECKPOINT_PAGES=$((wal_bytes / page > 1 ? wal_bytes / page : 2))
}

# Quotes one word for the command line Litestream's -exec splits, which follows shell rules.
quote() {
  local escaped=${1//\'/\'\\\'\'}
  printf "'%s'" "$escaped"
}

if [ "${1:-}" = healthcheck ]; then
  healthcheck
  exit
fi

if [ "${1:-}" = litestream ]; then
  shift
  DB_PATH=${DB_PATH:-/data/store.db}
  mode=litestream
else
  DB_PATH=$(find_db_flag "$@")
  if [ -z "$DB_PATH" ]; then
    # The server's own default is relative; give it the path this script restores to.
    DB_PATH=/data/store.db
    set -- "$@" -db "$DB_PATH"
  fi
  mode=server
fi
export DB_PATH

if [ "$(id -u)" = 0 ] && [ -n "${PICOSHARE_USER:-}" ]; then
  if [ $mode = litestream ]; then drop_privileges litestream "$@"; else drop_privileges "$@"; fi
fi

if [ $mode = litestream ]; then
  configure_replica || die "no replica configured: set LITESTREAM_BUCKET, BUCKET_NAME or LITESTREAM_REPLICA_PATH"
  exec "$litestream" "$@"
fi

if [ -n "${PICOSHARE_COMMAND:-}" ]; then
  read -r -a server <<<"$PICOSHARE_COMMAND"
else
  server=(node --max-semi-space-size=1 "$root/dist/src/main.js")
fi
server+=("$@")

if ! configure_replica; then
  say "no replica configured (LITESTREAM_BUCKET, BUCKET_NAME or LITESTREAM_REPLICA_PATH): starting without Litestream; the database at $DB_PATH is the only copy"
  exec "${server[@]}"
fi

say "Litestream $("$litestream" version) replicates $DB_PATH to $replica (retention $LITESTREAM_RETENTION)"
mkdir -p "$(dirname "$DB_PATH")"
if [ -e "$DB_PATH" ]; then
  say "using the existing database ($(wc -c <"$DB_PATH") bytes); not restoring"
else
  say "no database at $DB_PATH: restoring it from the replica if there is one"
  if ! "$litestream" restore -config "$LITESTREAM_CONFIG" -if-db-not-exists -if-replica-exists "$DB_PATH"; then
    # Starting empty here would make a new, empty generation the newest backup.
    say "error: could not read the replica; not starting the server"
    exit 1
  fi
fi

command_line=''
for word in "${server[@]}"; do command_line+="${command_line:+ }$(quote "$word")"; done
say "starting the server under Litestream: ${server[*]}"
exec "$litestream" replicate -config "$LITESTREAM_CONFIG" -exec "$command_line"
