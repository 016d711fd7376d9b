// Reaching into a SQLite file the way another program would, for the store tests that damage or
// inspect a file behind the store's back.
// Header-only: each tst_*.cpp is its own executable and includes what it needs.

#pragma once

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QString>
#include <QStringList>

namespace scalelab::testing {

// Runs the statements on the database file through a connection of the test's own; false (with
// a warning naming the statement) when the file does not open or a statement fails.
inline bool executeSql(const QString &file, const QStringList &statements)
{
    static int next = 0;
    const QString name = QStringLiteral("test-sql-%1").arg(next++);
    bool ok = true;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(file);
        ok = db.open();
        QSqlQuery query(db);
        for (const QString &statement : statements) {
            if (ok && !query.exec(statement)) {
                qWarning("%s: %s", qPrintable(statement), qPrintable(query.lastError().text()));
                ok = false;
            }
        }
        query.finish();
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return ok;
}

} // namespace scalelab::testing
