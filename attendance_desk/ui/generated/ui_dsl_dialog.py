# GENERATED from forms/calling/dsl_dialog.ui by installer/compile_forms.py: do not edit; edit the .ui and recompile.
# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'dsl_dialog.ui'
##
## Created by: Qt User Interface Compiler version 6.12.0
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QCheckBox, QDialog,
    QHBoxLayout, QHeaderView, QLabel, QPushButton,
    QSizePolicy, QSpacerItem, QTableWidget, QTableWidgetItem,
    QVBoxLayout, QWidget)

class Ui_DslDialog(object):
    def setupUi(self, DslDialog):
        if not DslDialog.objectName():
            DslDialog.setObjectName(u"DslDialog")
        DslDialog.resize(900, 420)
        self.mainLayout = QVBoxLayout(DslDialog)
        self.mainLayout.setObjectName(u"mainLayout")
        self.messageLabel = QLabel(DslDialog)
        self.messageLabel.setObjectName(u"messageLabel")

        self.mainLayout.addWidget(self.messageLabel)

        self.concernTable = QTableWidget(DslDialog)
        if (self.concernTable.columnCount() < 6):
            self.concernTable.setColumnCount(6)
        __qtablewidgetitem = QTableWidgetItem()
        self.concernTable.setHorizontalHeaderItem(0, __qtablewidgetitem)
        __qtablewidgetitem1 = QTableWidgetItem()
        self.concernTable.setHorizontalHeaderItem(1, __qtablewidgetitem1)
        __qtablewidgetitem2 = QTableWidgetItem()
        self.concernTable.setHorizontalHeaderItem(2, __qtablewidgetitem2)
        __qtablewidgetitem3 = QTableWidgetItem()
        self.concernTable.setHorizontalHeaderItem(3, __qtablewidgetitem3)
        __qtablewidgetitem4 = QTableWidgetItem()
        self.concernTable.setHorizontalHeaderItem(4, __qtablewidgetitem4)
        __qtablewidgetitem5 = QTableWidgetItem()
        self.concernTable.setHorizontalHeaderItem(5, __qtablewidgetitem5)
        self.concernTable.setObjectName(u"concernTable")
        self.concernTable.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.concernTable.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.concernTable.verticalHeader().setVisible(False)

        self.mainLayout.addWidget(self.concernTable)

        self.buttonRow = QHBoxLayout()
        self.buttonRow.setObjectName(u"buttonRow")
        self.showReviewedCheck = QCheckBox(DslDialog)
        self.showReviewedCheck.setObjectName(u"showReviewedCheck")

        self.buttonRow.addWidget(self.showReviewedCheck)

        self.buttonRowSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.buttonRow.addItem(self.buttonRowSpacer)

        self.openButton = QPushButton(DslDialog)
        self.openButton.setObjectName(u"openButton")

        self.buttonRow.addWidget(self.openButton)

        self.reviewButton = QPushButton(DslDialog)
        self.reviewButton.setObjectName(u"reviewButton")

        self.buttonRow.addWidget(self.reviewButton)


        self.mainLayout.addLayout(self.buttonRow)

        self.mainLayout.setStretch(1, 1)
        QWidget.setTabOrder(self.concernTable, self.showReviewedCheck)
        QWidget.setTabOrder(self.showReviewedCheck, self.openButton)
        QWidget.setTabOrder(self.openButton, self.reviewButton)

        self.retranslateUi(DslDialog)

        self.reviewButton.setDefault(True)


        QMetaObject.connectSlotsByName(DslDialog)
    # setupUi

    def retranslateUi(self, DslDialog):
        DslDialog.setWindowTitle(QCoreApplication.translate("DslDialog", u"Safeguarding lead's list", None))
        self.messageLabel.setText("")
        ___qtablewidgetitem = self.concernTable.horizontalHeaderItem(0)
        ___qtablewidgetitem.setText(QCoreApplication.translate("DslDialog", u"Raised", None))
        ___qtablewidgetitem1 = self.concernTable.horizontalHeaderItem(1)
        ___qtablewidgetitem1.setText(QCoreApplication.translate("DslDialog", u"Pupil", None))
        ___qtablewidgetitem2 = self.concernTable.horizontalHeaderItem(2)
        ___qtablewidgetitem2.setText(QCoreApplication.translate("DslDialog", u"From", None))
        ___qtablewidgetitem3 = self.concernTable.horizontalHeaderItem(3)
        ___qtablewidgetitem3.setText(QCoreApplication.translate("DslDialog", u"Concern", None))
        ___qtablewidgetitem4 = self.concernTable.horizontalHeaderItem(4)
        ___qtablewidgetitem4.setText(QCoreApplication.translate("DslDialog", u"Raised by", None))
        ___qtablewidgetitem5 = self.concernTable.horizontalHeaderItem(5)
        ___qtablewidgetitem5.setText(QCoreApplication.translate("DslDialog", u"Reviewed", None))
#if QT_CONFIG(accessibility)
        self.concernTable.setAccessibleName(QCoreApplication.translate("DslDialog", u"Concerns", None))
#endif // QT_CONFIG(accessibility)
        self.showReviewedCheck.setText(QCoreApplication.translate("DslDialog", u"Show &reviewed concerns too", None))
        self.openButton.setText(QCoreApplication.translate("DslDialog", u"&Open pupil", None))
        self.reviewButton.setText(QCoreApplication.translate("DslDialog", u"Record re&view\u2026", None))
    # retranslateUi

