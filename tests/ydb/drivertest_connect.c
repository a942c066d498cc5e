/* drivertest_connect.c - connecting: authentication, TLS, the database in the URL, the loadable module. */
#include <dlfcn.h>
#include <sys/wait.h>

#include "drivertest.h"
#include "runtime/ydb/module.h"

void t_static_auth(void)
{
    fixture f;
    if (fixture_start(&f, "--auth", "static:alice:s3cret", NULL)) return;
    mig_arena *a = f.a;
    ydb_options o = f.o;
    o.auth = YDB_AUTH_STATIC;
    o.user = "alice";
    o.password = "wrongpass";
    ydb_conn *c = NULL;
    ydb_error err;
    CHECK(ydb_connect(a, &o, &c, &err) != 0, "wrong password refused");
    if (!c) {
        printf("#   wrong password: %s: %s\n", err.status_name, err.message);
        CHECK(strstr(err.message, "alice") && !strstr(err.message, "wrongpass"), "names the user, not the password");
    }
    ydb_close(c);
    c = NULL;
    o.password = "s3cret";
    c = connect_ok(a, &o);
    if (c) {
        ydb_result r;
        CHECK(exec_ok(c, "SELECT 1;", NULL, 0, a, &r) == 0, "query with a login token");
        ydb_close(c);
    }
    /* anonymous against a server that wants credentials */
    o.auth = YDB_AUTH_ANONYMOUS;
    CHECK(ydb_connect(a, &o, &c, &err) != 0, "anonymous refused");
    if (!c) printf("#   anonymous: %s: %s\n", err.status_name, err.message);
    ydb_close(c);
    fixture_stop(&f);
}

void t_token_auth(void)
{
    fixture f;
    if (fixture_start(&f, "--auth", "token:T0KEN-abc", NULL)) return;
    mig_arena *a = f.a;
    ydb_options o = f.o;
    o.auth = YDB_AUTH_TOKEN;
    o.token = "T0KEN-abc";
    ydb_conn *c = connect_ok(a, &o);
    if (c) {
        ydb_result r;
        CHECK(exec_ok(c, "SELECT 1;", NULL, 0, a, &r) == 0, "query with a token");
        ydb_close(c);
        c = NULL;
    }
    o.token = "not-the-token";
    ydb_error err;
    CHECK(ydb_connect(a, &o, &c, &err) != 0, "a wrong token is refused");
    if (!c) {
        printf("#   wrong token: %s: %s\n", err.status_name, err.message);
        CHECK(!strstr(err.message, "not-the-token"), "the message holds no token");
    }
    ydb_close(c);
    fixture_stop(&f);
}

static int sh(const char *cmd)
{
    int rc = system(cmd);
    return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

void t_tls(void)
{
    char dir[] = "/tmp/drivertest-tls.XXXXXX";
    if (!mkdtemp(dir)) { CHECK(0, "mkdtemp"); return; }
    char cmd[1024], cert[128], key[128];
    snprintf(cert, sizeof cert, "%s/cert.pem", dir);
    snprintf(key, sizeof key, "%s/key.pem", dir);
    snprintf(cmd, sizeof cmd,
             "openssl req -x509 -newkey rsa:2048 -nodes -keyout %s -out %s -days 1 -subj /CN=localhost "
             "-addext subjectAltName=IP:127.0.0.1,DNS:localhost >/dev/null 2>&1", key, cert);
    CHECK(sh(cmd) == 0, "openssl made a certificate (scripts/setup.sh installs openssl)");
    fixture f;
    if (fixture_start(&f, "--tls-cert", cert, "--tls-key", key, NULL) == 0) {
        mig_arena *a = f.a;
        ydb_options o = opts(url_of("grpcs", &f.s, "/local"), &f.lb);
        o.ca_file = cert;
        ydb_conn *c = connect_ok(a, &o);
        if (c) {
            ydb_result r;
            CHECK(exec_ok(c, "SELECT 1;", NULL, 0, a, &r) == 0, "query over TLS");
            ydb_close(c);
            c = NULL;
        }
        o.ca_file = NULL;
        ydb_error err;
        CHECK(ydb_connect(a, &o, &c, &err) != 0, "without the CA file the certificate is not trusted");
        if (!c) {
            printf("#   no CA file: %s: %s\n", err.status_name, err.message);
            CHECK(strstr(err.message, "TLS") != NULL, "the message says TLS");
        }
        ydb_close(c);
        c = NULL;
        /* plain gRPC to a TLS port */
        ydb_options p = opts(url_of("grpc", &f.s, "/local"), &f.lb);
        p.connect_timeout_ms = getenv("DRIVERTEST_SLOW") ? 20000 : 3000;
        CHECK(ydb_connect(a, &p, &c, &err) != 0, "plain to a TLS port fails");
        ydb_close(c);
        fixture_stop(&f);
    }
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    sh(cmd);
}

void t_database(void)
{
    fixture f;
    if (fixture_start(&f, NULL)) return;
    mig_arena *a = f.a;
    ydb_options o = opts(url_of("grpc", &f.s, "/nope"), &f.lb);
    ydb_conn *c = NULL;
    ydb_error err;
    CHECK(ydb_connect(a, &o, &c, &err) != 0, "a missing database");
    if (!c) {
        printf("#   missing database: %s: %s\n", err.status_name, err.message);
        CHECK(strstr(err.message, "/nope") != NULL, "names the database");
    }
    ydb_close(c);
    c = NULL;
    /* the other URL forms */
    char u[256];
    snprintf(u, sizeof u, "grpc://127.0.0.1:%d/?database=/local", f.s.port);
    o.url = u;
    c = connect_ok(a, &o);
    if (c) CHECK(strcmp(ydb_database(c), "/local") == 0, "?database=");
    ydb_close(c);
    snprintf(u, sizeof u, "yql+ydb://127.0.0.1:%d/local", f.s.port);
    o.discovery = true;
    c = connect_ok(a, &o);
    if (c) CHECK(strcmp(ydb_database(c), "/local") == 0, "yql+ydb://");
    ydb_close(c);
    fixture_stop(&f);
}

void t_module(void)
{
    void *h = dlopen(YDB_MODULE_PATH, RTLD_NOW | RTLD_LOCAL);
    CHECK(h != NULL, "dlopen %s: %s", YDB_MODULE_PATH, dlerror());
    if (!h) return;
    migrun_ydb_driver_fn f;
    *(void **)&f = dlsym(h, MIGRUN_YDB_DRIVER_SYMBOL);
    CHECK(f != NULL, "the entry point");
    if (f) {
        const struct ydb_driver_api *api = f();
        CHECK(api->version == YDB_DRIVER_API_VERSION && api->size == sizeof *api && api->connect && api->list_directory &&
                  api->rename_tables && api->table_rows_estimate,
              "the table");
        CHECK(dlsym(h, "ydb_connect") == NULL, "nothing else exported");
        /* a round trip through the module */
        fixture fx;
        if (fixture_start(&fx, NULL) == 0) {
            ydb_conn *c = NULL;
            ydb_error err;
            CHECK(api->connect(fx.a, &fx.o, &c, &err) == 0, "connect through the module");
            if (c) {
                ydb_result r;
                CHECK(api->exec_notx(c, "SELECT 7;", NULL, 0, true, fx.a, &r, &err) == 0, "query through the module");
                api->close(c);
            }
            fixture_stop(&fx);
        }
    }
    dlclose(h);
}
