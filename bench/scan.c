/*
 * The floor under `signalgap stats`: what SQLite alone costs to hand over the
 * rows the statistics read, with nothing done with them.
 *
 *   cc -O2 bench/scan.c -lsqlite3 -lpthread -o bench/work/scan
 *   bench/work/scan STORE
 *
 * It asks for the rows signalgap's statistics loader asks for (the same SELECT
 * of the same 13 columns of the observation table), here in two halves by row
 * id where the loader takes up to eight chunks in turn, each half on its own
 * read-only connection and thread, opened without a connection mutex as GRDB
 * opens them, and reads each column's value once, as the loader does, keeping
 * only a checksum so that nothing is optimised away. A connection waits (up
 * to 5 s) for a lock that another holds for a moment rather than fail with
 * "database is locked", as one run of `make bench` did. `make bench` times it
 * beside `signalgap stats --format csv` and the reference query: on two quiet
 * cores, signalgap can be no faster than this.
 */
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>

static const char *store;

struct part {
    sqlite3_int64 first, last;
    long long rows, checksum;
    int failed;
};

static void *scan(void *argument) {
    struct part *part = argument;
    sqlite3 *db;
    sqlite3_stmt *statement;
    if (sqlite3_open_v2(store, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK
        || sqlite3_busy_timeout(db, 5000) != SQLITE_OK
        || sqlite3_prepare_v2(db,
               "SELECT dataset, id, series, codes, start_day, end_day, value, low, high, source_dataset,"
               " source_id, supersedes_dataset, supersedes_id"
               " FROM observation WHERE rowid BETWEEN ?1 AND ?2 ORDER BY rowid",
               -1, &statement, NULL) != SQLITE_OK) {
        fprintf(stderr, "scan: %s: %s\n", store, sqlite3_errmsg(db));
        sqlite3_close(db);
        part->failed = 1;
        return NULL;
    }
    sqlite3_bind_int64(statement, 1, part->first);
    sqlite3_bind_int64(statement, 2, part->last);
    int columns = sqlite3_column_count(statement);
    int code;
    while ((code = sqlite3_step(statement)) == SQLITE_ROW) {
        part->rows++;
        for (int column = 0; column < columns; column++) {
            sqlite3_value *value = sqlite3_column_value(statement, column);
            switch (sqlite3_value_type(value)) {
            case SQLITE_INTEGER: part->checksum += sqlite3_value_int64(value); break;
            case SQLITE_FLOAT: part->checksum += (long long)sqlite3_value_double(value); break;
            case SQLITE_TEXT: {
                const unsigned char *text = sqlite3_value_text(value);
                part->checksum += sqlite3_value_bytes(value) + (text ? text[0] : 0);
                break;
            }
            default: break;
            }
        }
    }
    if (code != SQLITE_DONE) {
        fprintf(stderr, "scan: %s: %s\n", store, sqlite3_errmsg(db));
        part->failed = 1;
    }
    sqlite3_finalize(statement);
    sqlite3_close(db);
    return NULL;
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: scan STORE\n");
        return 64;
    }
    store = argv[1];
    sqlite3 *db;
    sqlite3_stmt *statement;
    if (sqlite3_open_v2(store, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK
        || sqlite3_busy_timeout(db, 5000) != SQLITE_OK
        || sqlite3_prepare_v2(db,
               "SELECT (SELECT min(rowid) FROM observation), (SELECT max(rowid) FROM observation)", -1,
               &statement, NULL) != SQLITE_OK
        || sqlite3_step(statement) != SQLITE_ROW) {
        fprintf(stderr, "scan: %s: %s\n", store, sqlite3_errmsg(db));
        sqlite3_close(db);
        return 1;
    }
    sqlite3_int64 first = sqlite3_column_int64(statement, 0), last = sqlite3_column_int64(statement, 1);
    sqlite3_finalize(statement);
    sqlite3_close(db);
    sqlite3_int64 middle = first + (last - first) / 2;
    struct part parts[2] = {{first, middle, 0, 0, 0}, {middle + 1, last, 0, 0, 0}};
    pthread_t second;
    if (pthread_create(&second, NULL, scan, &parts[1]) != 0) {
        fprintf(stderr, "scan: cannot start a thread\n");
        return 1;
    }
    scan(&parts[0]);
    pthread_join(second, NULL);
    if (parts[0].failed || parts[1].failed) return 1;
    printf("%lld rows, checksum %lld\n", parts[0].rows + parts[1].rows, parts[0].checksum + parts[1].checksum);
    return 0;
}
