// Small helpers the parts of the analysis share.

#include "analysis_internal.h"

#include <algorithm>

namespace scalelab::model::internal {

Purpose workOf(Kind kind)
{
    switch (kind) {
    case Static:
        return WorkStatic;
    case Write:
        return WorkWrite;
    case Job:
        return WorkJob;
    case Read:
    case KindCount:
        break;
    }
    return WorkRead;
}

bool isExponential(const Component &component, const QString &name)
{
    const QJsonValue value = component.value(name);
    const QString dist = value.toObject().value(QLatin1String("dist")).toString();
    return value.isObject() && dist == QLatin1String("exponential");
}

double memberNumber(const Component &component, const QString &object, const QString &name,
                    double fallback)
{
    return component.member(object, name).toDouble(fallback);
}

} // namespace scalelab::model::internal
