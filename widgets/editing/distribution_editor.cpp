#include "widgets/editing/distribution_editor.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QGridLayout>
#include <QJsonObject>
#include <QLabel>
#include <QSignalBlocker>
#include <QSpinBox>

namespace scalelab::widgets {

namespace {

struct Law {
    model::Distribution::Kind kind;
    const char *name;
    const char *help;
};

constexpr Law kLaws[] = {
    {model::Distribution::Kind::Exponential, "exponential",
     "Memoryless: many short times and a few long ones (a Poisson process)."},
    {model::Distribution::Kind::Constant, "constant", "Always exactly the mean."},
    {model::Distribution::Kind::Uniform, "uniform", "Evenly spread over mean ± spread / 2."},
    {model::Distribution::Kind::Lognormal, "lognormal",
     "Skewed with a long tail, as measured service times often are; cv sets the spread."},
    {model::Distribution::Kind::Erlang, "erlang",
     "The sum of k exponential phases: less variable than exponential as k grows."},
};

} // namespace

DistributionEditor::DistributionEditor(const QString &unit, QWidget *parent) : QWidget(parent)
{
    auto *grid = new QGridLayout(this);
    grid->setContentsMargins(0, 0, 0, 0);
    m_law = new QComboBox(this);
    m_law->setAccessibleName(QStringLiteral("law"));
    for (const Law &law : kLaws) {
        m_law->addItem(QLatin1String(law.name), QLatin1String(law.name));
        m_law->setItemData(m_law->count() - 1, QString::fromUtf8(law.help), Qt::ToolTipRole);
    }
    m_mean = new QDoubleSpinBox(this);
    m_mean->setAccessibleName(QStringLiteral("mean"));
    m_mean->setDecimals(3);
    m_mean->setRange(0, 1e9);
    m_mean->setSuffix(unit.isEmpty() ? QString() : QLatin1Char(' ') + unit);
    m_mean->setKeyboardTracking(false);
    m_shapeLabel = new QLabel(this);
    m_shape = new QDoubleSpinBox(this);
    m_shape->setDecimals(3);
    m_shape->setRange(0, 1e9);
    m_shape->setKeyboardTracking(false);
    m_phases = new QSpinBox(this);
    m_phases->setAccessibleName(QStringLiteral("k"));
    m_phases->setRange(1, 1000);
    m_phases->setKeyboardTracking(false);
    grid->addWidget(m_law, 0, 0, 1, 2);
    grid->addWidget(new QLabel(QStringLiteral("mean"), this), 1, 0);
    grid->addWidget(m_mean, 1, 1);
    grid->addWidget(m_shapeLabel, 2, 0);
    grid->addWidget(m_shape, 2, 1);
    grid->addWidget(m_phases, 2, 1);
    // The figures get the width; the small labels before them only what they need.
    grid->setColumnStretch(1, 1);
    for (QWidget *w : {static_cast<QWidget *>(m_mean), static_cast<QWidget *>(m_shape),
                       static_cast<QWidget *>(m_phases)}) {
        w->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Fixed);
        w->setMinimumWidth(80);
    }

    const auto changed = [this] {
        showShape();
        emit edited(value());
    };
    connect(m_law, &QComboBox::activated, this, changed);
    connect(m_mean, &QDoubleSpinBox::valueChanged, this, changed);
    connect(m_shape, &QDoubleSpinBox::valueChanged, this, changed);
    connect(m_phases, &QSpinBox::valueChanged, this, changed);
    showShape();
}

void DistributionEditor::setValue(const model::Distribution &d)
{
    const QSignalBlocker b1(m_law), b2(m_mean), b3(m_shape), b4(m_phases);
    for (int i = 0; i < m_law->count(); ++i)
        if (kLaws[i].kind == d.kind)
            m_law->setCurrentIndex(i);
    m_mean->setValue(d.mean);
    m_shape->setValue(d.kind == model::Distribution::Kind::Uniform ? d.spread : d.cv);
    m_phases->setValue(d.k);
    showShape();
}

QJsonValue DistributionEditor::value() const
{
    const Law &law = kLaws[std::max(0, m_law->currentIndex())];
    QJsonObject o{{QStringLiteral("dist"), QLatin1String(law.name)},
                  {QStringLiteral("mean"), m_mean->value()}};
    switch (law.kind) {
    case model::Distribution::Kind::Uniform:
        o.insert(QStringLiteral("spread"), m_shape->value());
        break;
    case model::Distribution::Kind::Lognormal:
        o.insert(QStringLiteral("cv"), m_shape->value());
        break;
    case model::Distribution::Kind::Erlang:
        o.insert(QStringLiteral("k"), m_phases->value());
        break;
    case model::Distribution::Kind::Exponential:
    case model::Distribution::Kind::Constant:
        break;
    }
    return o;
}

void DistributionEditor::showShape()
{
    const model::Distribution::Kind kind = kLaws[std::max(0, m_law->currentIndex())].kind;
    const bool spread = kind == model::Distribution::Kind::Uniform;
    const bool cv = kind == model::Distribution::Kind::Lognormal;
    const bool phases = kind == model::Distribution::Kind::Erlang;
    m_shapeLabel->setText(spread ? QStringLiteral("spread")
                          : cv   ? QStringLiteral("cv")
                                 : QStringLiteral("k"));
    m_shapeLabel->setVisible(spread || cv || phases);
    m_shape->setVisible(spread || cv);
    m_shape->setAccessibleName(spread ? QStringLiteral("spread") : QStringLiteral("cv"));
    m_shape->setSuffix(spread ? m_mean->suffix() : QString());
    m_phases->setVisible(phases);
    m_law->setToolTip(m_law->itemData(m_law->currentIndex(), Qt::ToolTipRole).toString());
}

} // namespace scalelab::widgets
