// The system SQLite (Debian libsqlite3-dev), for the embedded vault backend.
#include <sqlite3.h>
