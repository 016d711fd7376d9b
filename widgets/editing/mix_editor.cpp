#include "widgets/editing/mix_editor.h"

#include "widgets/editing/field_editor.h"
#include "widgets/editing/number_box.h"

#include <QGridLayout>
#include <QLabel>
#include <QSignalBlocker>

namespace scalelab::widgets {

MixEditor::MixEditor(const model::ParameterSpec &spec, QWidget *parent)
    : QGroupBox(spec.name, parent), m_spec(spec)
{
    setToolTip(parameterTip(spec));
    auto *grid = new QGridLayout(this);
    grid->setColumnStretch(1, 1);
    int row = 0;
    for (const QString &kind : spec.choices) {
        auto *label = new QLabel(kind, this);
        auto *box = new NumberBox(this);
        box->setObjectName(kind);
        box->setAccessibleName(QStringLiteral("%1 weight").arg(kind));
        box->setToolTip(
            QStringLiteral("The weight of %1 requests, relative to the others.").arg(kind));
        box->setDecimals(3);
        box->setRange(0, 1e9);
        box->setSingleStep(0.1);
        box->setKeyboardTracking(false);
        box->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Fixed);
        box->setMinimumWidth(70);
        label->setBuddy(box);
        auto *share = new QLabel(this);
        share->setAccessibleName(QStringLiteral("%1 share").arg(kind));
        share->setToolTip(QStringLiteral("The share of all requests that are %1.").arg(kind));
        share->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
        // Wide enough for "100 %" so that the column does not jump while typing.
        share->setMinimumWidth(share->fontMetrics().horizontalAdvance(QStringLiteral("100 %")));
        grid->addWidget(label, row, 0);
        grid->addWidget(box, row, 1);
        grid->addWidget(share, row, 2);
        m_weights.insert(kind, box);
        m_shares.insert(kind, share);
        connect(box, &QDoubleSpinBox::valueChanged, this, [this] {
            showShares();
            emit edited(value());
        });
        ++row;
    }
}

void MixEditor::setValue(const QJsonValue &value)
{
    m_written = value.toObject();
    for (auto it = m_weights.cbegin(); it != m_weights.cend(); ++it) {
        const QSignalBlocker blocker(it.value());
        it.value()->setValue(m_written.value(it.key()).toDouble(0));
    }
    showShares();
}

QJsonValue MixEditor::value() const
{
    QJsonObject mix;
    for (const QString &kind : m_spec.choices) {
        const double weight = m_weights.value(kind)->value();
        if (weight > 0 || m_written.contains(kind))
            mix.insert(kind, weight);
    }
    return mix;
}

void MixEditor::showShares()
{
    double total = 0;
    for (const QDoubleSpinBox *box : std::as_const(m_weights))
        total += box->value();
    for (auto it = m_shares.cbegin(); it != m_shares.cend(); ++it)
        it.value()->setText(total > 0 ? QStringLiteral("%1 %").arg(qRound(
                                            100 * m_weights.value(it.key())->value() / total))
                                      : QStringLiteral("– %"));
}

} // namespace scalelab::widgets
