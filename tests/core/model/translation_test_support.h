// A stand-in for a translation, to show what reaches a person through Qt's translation system:
// MarkingTranslator "translates" every text of every context into the English in capitals between
// « and », and untranslatedIn() finds what a sentence says outside of that: words that were put
// together in code rather than passed through QCoreApplication::translate.
// Header-only: each tst_*.cpp is its own executable and includes what it needs.

#pragma once

#include <QCoreApplication>
#include <QRegularExpression>
#include <QString>
#include <QStringList>
#include <QTranslator>

#include <algorithm>

namespace scalelab::testing {

class MarkingTranslator : public QTranslator {
public:
    // An empty translator is not consulted.
    bool isEmpty() const override { return false; }
    QString translate(const char *, const char *sourceText, const char * = nullptr,
                      int = -1) const override
    {
        // Capitals leave the placeholders (%1) as they are and set the translator's words apart
        // from what .arg() fills in, which keeps its own case.
        return QStringLiteral("«") + QString::fromUtf8(sourceText).toUpper() + QStringLiteral("»");
    }
};

// Installs a MarkingTranslator for its lifetime, so that a failed check leaves none behind.
class MarkedTranslation {
public:
    MarkedTranslation() { QCoreApplication::installTranslator(&m_translator); }
    ~MarkedTranslation() { QCoreApplication::removeTranslator(&m_translator); }
    MarkedTranslation(const MarkedTranslation &) = delete;
    MarkedTranslation &operator=(const MarkedTranslation &) = delete;

private:
    MarkingTranslator m_translator;
};

// What of `text` did not come through the translator, empty when all of it did: anything outside
// the outermost «», and any small letter in it that is not part of a name in `names` (component
// ids, which a sentence fills in and no translator words). Sentences joined by a space are each
// marked on their own, and the spaces between them are allowed.
inline QString untranslatedIn(const QString &text, QStringList names)
{
    QString outside;
    int depth = 0;
    for (const QChar c : text) {
        if (c == QChar(0x00AB)) {
            ++depth;
        } else if (c == QChar(0x00BB)) {
            if (--depth < 0)
                return QStringLiteral("unbalanced marks");
        } else if (depth == 0 && !c.isSpace()) {
            outside += c;
        }
    }
    if (depth != 0)
        return QStringLiteral("unbalanced marks");
    if (!outside.isEmpty())
        return outside;
    // The longest names first, so that "web" does not take a bite out of "web-eu".
    std::sort(names.begin(), names.end(),
              [](const QString &a, const QString &b) { return a.size() > b.size(); });
    QString rest = text;
    for (const QString &name : names)
        rest.replace(QRegularExpression(QStringLiteral("(?<![\\w-])") +
                                        QRegularExpression::escape(name) +
                                        QStringLiteral("(?![\\w-])")),
                     QStringLiteral("_"));
    const QRegularExpressionMatch small =
        QRegularExpression(QStringLiteral("[a-z][a-z_]*")).match(rest);
    return small.hasMatch() ? small.captured() : QString();
}

} // namespace scalelab::testing
