#pragma once

#include <QDoubleSpinBox>

namespace scalelab::widgets {

// A spin box for real numbers that shows 100 rather than 100.000 while still taking decimals.
class NumberBox : public QDoubleSpinBox {
    Q_OBJECT

public:
    using QDoubleSpinBox::QDoubleSpinBox;
    QString textFromValue(double value) const override;
};

} // namespace scalelab::widgets
