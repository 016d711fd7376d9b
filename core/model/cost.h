#pragma once

#include "model.h"

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace scalelab::model {

struct Analysis;

// What a component uses in a month beyond what the model states: the rate of the requests it is
// charged for (arrivals; a DNS's lookups) and, for an autoscaled pool, the instances it ran on
// average.
struct Usage {
    double requestsPerSecond = 0;
    std::optional<double> instances; // unset: the model's count
};

// Monthly list prices per component type (assets/prices.json, built into the library): a flat
// fee, per instance, per core, per GB of capacity, per million requests, per alert, and a
// minimum. Its "notes" state the basis of each figure.
class PriceTable {
public:
    // The table shipped with ScaleLab; nullptr (and the reason in `error`) if it cannot be read.
    static const PriceTable *builtIn(QString *error = nullptr);
    static std::optional<PriceTable> fromJson(const QByteArray &json, QString *error);

    bool prices(const QString &type) const { return m_types.contains(type); }
    QStringList types() const { return m_types.keys(); }
    QStringList notes() const { return m_notes; }
    double secondsPerMonth() const { return m_secondsPerMonth; }
    // USD a month for one component of the model at the given usage.
    double monthlyCost(const Component &component, const Usage &usage = {}) const;

private:
    QJsonObject m_types;
    QStringList m_notes;
    double m_secondsPerMonth = 2592000;
};

// USD a month per component id, with the usage given per id (none for ids it lacks).
QHash<QString, double> componentCosts(const Model &model, const QHash<QString, Usage> &usage,
                                      QString *error = nullptr);

// The usage the analytic estimate predicts: its arrival rates, and for a DNS the lookups users
// make when their cached answer has expired.
QHash<QString, Usage> estimatedUsage(const Model &model, const Analysis &analysis);

// The model's monthly cost at its own load (request prices from the analytic estimate); NaN with
// the reason in `error` when the price table cannot be read.
double monthlyCost(const Model &model, QString *error = nullptr);

} // namespace scalelab::model
