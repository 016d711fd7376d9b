#include "widgets/editing/object_list_editor.h"

#include "widgets/editing/field_editor.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSignalBlocker>
#include <QStyledItemDelegate>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace scalelab::widgets {

namespace {

constexpr int kMostRowsShown = 6; // beyond that the table scrolls

bool isNumeric(model::ValueKind kind)
{
    return kind == model::ValueKind::Number || kind == model::ValueKind::Integer;
}

// Each column's cells are edited with the input of that member's kind; a cell holds the value
// as the model file writes it (a number or a text).
class CellDelegate : public QStyledItemDelegate {
public:
    CellDelegate(const QList<model::ParameterSpec> &fields, QObject *parent)
        : QStyledItemDelegate(parent), m_fields(fields)
    {
        for (model::ParameterSpec &field : m_fields)
            if (field.kind == model::ValueKind::Distribution)
                field.kind = model::ValueKind::Object; // a law in a cell is written as JSON
    }

    void setCandidates(const QStringList &ids) { m_ids = ids; }

    QWidget *createEditor(QWidget *parent, const QStyleOptionViewItem &,
                          const QModelIndex &index) const override
    {
        const model::ParameterSpec &field = m_fields.at(index.column());
        QWidget *input = createInput(field, parent);
        setInputCandidates(input, m_ids);
        input->setAccessibleName(field.name);
        return input;
    }

    void setEditorData(QWidget *editor, const QModelIndex &index) const override
    {
        setInputValue(editor, QJsonValue::fromVariant(index.data(Qt::EditRole)));
    }

    void setModelData(QWidget *editor, QAbstractItemModel *model,
                      const QModelIndex &index) const override
    {
        const QJsonValue value = inputValue(editor, m_fields.at(index.column()));
        model->setData(index, value.toVariant(), Qt::EditRole);
    }

    QString displayText(const QVariant &value, const QLocale &locale) const override
    {
        // 6000000 rather than 6e+06.
        if (value.typeId() == QMetaType::Double)
            return locale.toString(value.toDouble(), 'g', 15);
        return QStyledItemDelegate::displayText(value, locale);
    }

private:
    QList<model::ParameterSpec> m_fields;
    QStringList m_ids;
};

} // namespace

ObjectListEditor::ObjectListEditor(const model::ParameterSpec &spec, QWidget *parent)
    : QGroupBox(spec.name, parent), m_spec(spec)
{
    setToolTip(parameterTip(spec));
    auto *layout = new QVBoxLayout(this);
    m_table = new QTableWidget(0, static_cast<int>(spec.fields.size()), this);
    m_table->setAccessibleName(spec.name);
    m_table->setObjectName(spec.name);
    m_table->setItemDelegate(new CellDelegate(spec.fields, m_table));
    for (int column = 0; column < spec.fields.size(); ++column) {
        const model::ParameterSpec &field = spec.fields.at(column);
        auto *header = new QTableWidgetItem(field.name);
        header->setToolTip(parameterTip(field));
        m_table->setHorizontalHeaderItem(column, header);
    }
    // Numbers are short: beside names, their columns take what they need and names the rest.
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    const bool names = std::any_of(spec.fields.cbegin(), spec.fields.cend(),
                                   [](const auto &field) { return !isNumeric(field.kind); });
    for (int column = 0; column < spec.fields.size(); ++column)
        if (names && isNumeric(spec.fields.at(column).kind))
            m_table->horizontalHeader()->setSectionResizeMode(column,
                                                              QHeaderView::ResizeToContents);
    m_table->verticalHeader()->setVisible(false);
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->horizontalHeader()->setHighlightSections(false);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::SelectedClicked |
                             QAbstractItemView::EditKeyPressed | QAbstractItemView::AnyKeyPressed);
    m_table->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_table->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Fixed);
    m_table->setMinimumWidth(120);
    layout->addWidget(m_table);
    // An empty table reads as a blank box; say what an empty list means instead.
    m_empty = new QLabel(QStringLiteral("No entries yet."), m_table->viewport());
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setEnabled(false);
    auto *emptyLayout = new QVBoxLayout(m_table->viewport());
    emptyLayout->setContentsMargins(0, 0, 0, 0);
    emptyLayout->addWidget(m_empty);

    auto *buttons = new QHBoxLayout;
    m_add = new QPushButton(QStringLiteral("Add row"), this);
    m_add->setAccessibleName(QStringLiteral("%1 add row").arg(spec.name));
    m_add->setToolTip(QStringLiteral("Add an entry to %1: a copy of the last one.").arg(spec.name));
    m_remove = new QPushButton(QStringLiteral("Remove row"), this);
    m_remove->setAccessibleName(QStringLiteral("%1 remove row").arg(spec.name));
    m_remove->setToolTip(QStringLiteral("Remove the selected entry of %1.").arg(spec.name));
    buttons->addStretch(1);
    buttons->addWidget(m_add);
    buttons->addWidget(m_remove);
    layout->addLayout(buttons);

    connect(m_add, &QPushButton::clicked, this, &ObjectListEditor::addRow);
    connect(m_remove, &QPushButton::clicked, this, &ObjectListEditor::removeRow);
    connect(m_table, &QTableWidget::itemChanged, this, [this] {
        if (!m_filling)
            changed();
    });
    fitHeight();
}

void ObjectListEditor::setCandidates(const QStringList &ids)
{
    static_cast<CellDelegate *>(m_table->itemDelegate())->setCandidates(ids);
}

void ObjectListEditor::setValue(const QJsonValue &value)
{
    if (value == m_shown && m_table->rowCount() == value.toArray().size())
        return;
    const QJsonArray list = value.toArray();
    m_filling = true;
    m_table->setRowCount(static_cast<int>(list.size()));
    for (int row = 0; row < list.size(); ++row)
        fillRow(row, list.at(row).toObject());
    m_filling = false;
    m_shown = value;
    fitHeight();
}

QJsonValue ObjectListEditor::value() const
{
    if (m_table->rowCount() == 0)
        return QJsonValue(QJsonValue::Undefined);
    QJsonArray list;
    for (int row = 0; row < m_table->rowCount(); ++row)
        list.append(entry(row));
    return list;
}

void ObjectListEditor::fillRow(int row, const QJsonObject &entry)
{
    const bool filling = std::exchange(m_filling, true);
    for (int column = 0; column < m_spec.fields.size(); ++column) {
        const QJsonValue value = entry.value(m_spec.fields.at(column).name);
        QTableWidgetItem *item = m_table->item(row, column);
        if (!item) {
            item = new QTableWidgetItem;
            m_table->setItem(row, column, item);
        }
        item->setData(Qt::EditRole, value.toVariant());
        if (isNumeric(m_spec.fields.at(column).kind))
            item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        item->setToolTip(
            displayValue(value, model::translatedSpecText(m_spec.fields.at(column).unit)));
    }
    m_filling = filling;
}

QJsonObject ObjectListEditor::entry(int row) const
{
    QJsonObject object;
    for (int column = 0; column < m_spec.fields.size(); ++column) {
        const model::ParameterSpec &field = m_spec.fields.at(column);
        const QTableWidgetItem *item = m_table->item(row, column);
        const QVariant cell = item ? item->data(Qt::EditRole) : QVariant();
        if (!cell.isValid() || (cell.typeId() == QMetaType::QString && cell.toString().isEmpty()))
            continue;
        QJsonValue value = QJsonValue::fromVariant(cell);
        if (isNumeric(field.kind) && value.isString()) {
            // Typed into a plain cell: a number if it reads as one, else the loader says why not.
            bool number = false;
            const double v = value.toString().toDouble(&number);
            if (number)
                value = v;
        }
        object.insert(field.name, value);
    }
    return object;
}

void ObjectListEditor::addRow()
{
    const int rows = m_table->rowCount();
    const QJsonObject row = rows > 0 ? entry(rows - 1) : m_newRow;
    m_filling = true;
    m_table->insertRow(rows);
    m_filling = false;
    fillRow(rows, row);
    m_table->setCurrentCell(rows, 0);
    fitHeight();
    changed();
}

void ObjectListEditor::removeRow()
{
    const int rows = m_table->rowCount();
    if (rows == 0)
        return;
    const int current = m_table->currentRow();
    m_table->removeRow(current >= 0 && current < rows ? current : rows - 1);
    fitHeight();
    changed();
}

void ObjectListEditor::changed()
{
    m_shown = value();
    // Refresh each cell's tooltip with what it now holds.
    for (int row = 0; row < m_table->rowCount(); ++row)
        for (int column = 0; column < m_spec.fields.size(); ++column)
            if (QTableWidgetItem *item = m_table->item(row, column)) {
                const bool filling = std::exchange(m_filling, true);
                item->setToolTip(
                    displayValue(QJsonValue::fromVariant(item->data(Qt::EditRole)),
                                 model::translatedSpecText(m_spec.fields.at(column).unit)));
                m_filling = filling;
            }
    emit edited(m_shown);
}

void ObjectListEditor::fitHeight()
{
    const int rows = std::clamp(m_table->rowCount(), 1, kMostRowsShown);
    const int height = m_table->horizontalHeader()->sizeHint().height() +
                       rows * m_table->verticalHeader()->defaultSectionSize() +
                       2 * m_table->frameWidth();
    m_table->setFixedHeight(height);
    m_remove->setEnabled(m_table->rowCount() > 0);
    m_empty->setVisible(m_table->rowCount() == 0);
}

} // namespace scalelab::widgets
