#pragma once

#include "model/parameter_table.h"

#include <QGroupBox>
#include <QHash>
#include <QJsonObject>
#include <QJsonValue>

class QDoubleSpinBox;
class QLabel;

namespace scalelab::widgets {

// A mix of request kinds as one weight per kind, each with the share of requests it gives. Any
// change emits the whole object, so one edit is one step; the document refuses a mix whose
// weights are all zero, with the loader's reason.
class MixEditor : public QGroupBox {
    Q_OBJECT

public:
    explicit MixEditor(const model::ParameterSpec &spec, QWidget *parent = nullptr);

    void setValue(const QJsonValue &value); // as written, or the table's default
    QJsonValue value() const;
    QDoubleSpinBox *weight(const QString &kind) const { return m_weights.value(kind); }
    QLabel *share(const QString &kind) const { return m_shares.value(kind); }

signals:
    void edited(const QJsonValue &value);

private:
    void showShares();

    model::ParameterSpec m_spec;
    QHash<QString, QDoubleSpinBox *> m_weights;
    QHash<QString, QLabel *> m_shares;
    QJsonObject m_written; // kinds written stay written, even at 0; others appear when above 0
};

} // namespace scalelab::widgets
