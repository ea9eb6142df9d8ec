# Sourced by scripts/test and scripts/bench-slashing-protection.
# start_postgres: a throwaway PostgreSQL cluster in a temporary directory, on a free loopback port,
# password (SCRAM) authentication; exports ETHERKEEP_POSTGRES_URL and PGPASSWORD. initdb refuses to
# run as root, so as root the cluster belongs to the `postgres` user the Debian package creates.
pg_dir=""
start_postgres() {
    local bin port user
    bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
    [ -x "$bin/initdb" ] || { echo "test: PostgreSQL server binaries missing (apt-get install postgresql)" >&2; exit 1; }
    pg_dir="$(mktemp -d)"
    chmod 755 "$pg_dir"
    user="$(id -un)"
    local as=()
    if [ "$(id -u)" -eq 0 ]; then as=(runuser -u postgres --); user=postgres; chown postgres "$pg_dir"; fi
    PGPASSWORD="$(python3 -c 'import secrets; print(secrets.token_hex(16))')"
    "${as[@]}" sh -c "umask 077; printf '%s\n' '$PGPASSWORD' > '$pg_dir/pw'"
    "${as[@]}" "$bin/initdb" -D "$pg_dir/data" -U etherkeep --pwfile="$pg_dir/pw" --auth-local=trust --auth-host=scram-sha-256 >/dev/null
    port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
    "${as[@]}" "$bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/log" -w -o "-p $port -k $pg_dir -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null \
        || { cat "$pg_dir/log" >&2; exit 1; }
    pg_ctl_cmd=("${as[@]}" "$bin/pg_ctl" -D "$pg_dir/data")
    export PGPASSWORD
    export ETHERKEEP_POSTGRES_URL="postgresql://etherkeep@127.0.0.1:$port/postgres?sslmode=disable"
    export ETHERKEEP_POSTGRES_BIN="$bin"
}
stop_postgres() {
    [ -n "$pg_dir" ] || return 0
    "${pg_ctl_cmd[@]}" stop -m immediate >/dev/null 2>&1 || true
    rm -rf "$pg_dir"
}

