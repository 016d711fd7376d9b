#pragma once

#include "model/model.h"

#include <QJsonValue>
#include <QWidget>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QSpinBox;

namespace scalelab::widgets {

// A distribution as a small form: the law, its mean in the parameter's unit, and the one shape
// figure the law has (the spread of a uniform, the cv of a lognormal, the phases of an Erlang).
// It emits the model file's object form; the document decides whether the value is allowed.
class DistributionEditor : public QWidget {
    Q_OBJECT

public:
    explicit DistributionEditor(const QString &unit, QWidget *parent = nullptr);

    void setValue(const model::Distribution &distribution);
    QJsonValue value() const;

signals:
    void edited(const QJsonValue &value);

private:
    void showShape();

    QComboBox *m_law = nullptr;
    QDoubleSpinBox *m_mean = nullptr;
    QLabel *m_shapeLabel = nullptr;
    QDoubleSpinBox *m_shape = nullptr; // spread or cv
    QSpinBox *m_phases = nullptr;      // k
};

} // namespace scalelab::widgets
