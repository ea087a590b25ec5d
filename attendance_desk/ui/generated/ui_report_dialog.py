# GENERATED from forms/calling/report_dialog.ui by installer/compile_forms.py: do not edit; edit the .ui and recompile.
# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'report_dialog.ui'
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
from PySide6.QtWidgets import (QAbstractButton, QApplication, QCheckBox, QComboBox,
    QDateEdit, QDateTimeEdit, QDialog, QDialogButtonBox,
    QFormLayout, QHBoxLayout, QLabel, QLineEdit,
    QSizePolicy, QSpacerItem, QVBoxLayout, QWidget)

class Ui_ReportDialog(object):
    def setupUi(self, ReportDialog):
        if not ReportDialog.objectName():
            ReportDialog.setObjectName(u"ReportDialog")
        self.mainLayout = QVBoxLayout(ReportDialog)
        self.mainLayout.setObjectName(u"mainLayout")
        self.form = QFormLayout()
        self.form.setObjectName(u"form")
        self.pupilCaption = QLabel(ReportDialog)
        self.pupilCaption.setObjectName(u"pupilCaption")

        self.form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.pupilCaption)

        self.pupilCombo = QComboBox(ReportDialog)
        self.pupilCombo.setObjectName(u"pupilCombo")
        self.pupilCombo.setEditable(True)
        self.pupilCombo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)

        self.form.setWidget(0, QFormLayout.ItemRole.FieldRole, self.pupilCombo)

        self.kindCaption = QLabel(ReportDialog)
        self.kindCaption.setObjectName(u"kindCaption")

        self.form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.kindCaption)

        self.kindCombo = QComboBox(ReportDialog)
        self.kindCombo.setObjectName(u"kindCombo")

        self.form.setWidget(1, QFormLayout.ItemRole.FieldRole, self.kindCombo)

        self.firstCaption = QLabel(ReportDialog)
        self.firstCaption.setObjectName(u"firstCaption")

        self.form.setWidget(2, QFormLayout.ItemRole.LabelRole, self.firstCaption)

        self.firstRow = QHBoxLayout()
        self.firstRow.setObjectName(u"firstRow")
        self.firstDateEdit = QDateEdit(ReportDialog)
        self.firstDateEdit.setObjectName(u"firstDateEdit")
        self.firstDateEdit.setCalendarPopup(True)

        self.firstRow.addWidget(self.firstDateEdit)

        self.firstSessionCombo = QComboBox(ReportDialog)
        self.firstSessionCombo.addItem("")
        self.firstSessionCombo.addItem("")
        self.firstSessionCombo.setObjectName(u"firstSessionCombo")

        self.firstRow.addWidget(self.firstSessionCombo)

        self.firstRowSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.firstRow.addItem(self.firstRowSpacer)


        self.form.setLayout(2, QFormLayout.ItemRole.FieldRole, self.firstRow)

        self.lastCaption = QLabel(ReportDialog)
        self.lastCaption.setObjectName(u"lastCaption")

        self.form.setWidget(3, QFormLayout.ItemRole.LabelRole, self.lastCaption)

        self.lastRow = QHBoxLayout()
        self.lastRow.setObjectName(u"lastRow")
        self.lastDateEdit = QDateEdit(ReportDialog)
        self.lastDateEdit.setObjectName(u"lastDateEdit")
        self.lastDateEdit.setCalendarPopup(True)

        self.lastRow.addWidget(self.lastDateEdit)

        self.lastSessionCombo = QComboBox(ReportDialog)
        self.lastSessionCombo.addItem("")
        self.lastSessionCombo.addItem("")
        self.lastSessionCombo.setObjectName(u"lastSessionCombo")

        self.lastRow.addWidget(self.lastSessionCombo)

        self.lastRowSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.lastRow.addItem(self.lastRowSpacer)


        self.form.setLayout(3, QFormLayout.ItemRole.FieldRole, self.lastRow)

        self.reasonCaption = QLabel(ReportDialog)
        self.reasonCaption.setObjectName(u"reasonCaption")

        self.form.setWidget(4, QFormLayout.ItemRole.LabelRole, self.reasonCaption)

        self.reasonEdit = QLineEdit(ReportDialog)
        self.reasonEdit.setObjectName(u"reasonEdit")

        self.form.setWidget(4, QFormLayout.ItemRole.FieldRole, self.reasonEdit)

        self.codeCaption = QLabel(ReportDialog)
        self.codeCaption.setObjectName(u"codeCaption")

        self.form.setWidget(5, QFormLayout.ItemRole.LabelRole, self.codeCaption)

        self.codeCombo = QComboBox(ReportDialog)
        self.codeCombo.setObjectName(u"codeCombo")

        self.form.setWidget(5, QFormLayout.ItemRole.FieldRole, self.codeCombo)

        self.backRow = QHBoxLayout()
        self.backRow.setObjectName(u"backRow")
        self.expectBackCheck = QCheckBox(ReportDialog)
        self.expectBackCheck.setObjectName(u"expectBackCheck")

        self.backRow.addWidget(self.expectBackCheck)

        self.returnDateEdit = QDateEdit(ReportDialog)
        self.returnDateEdit.setObjectName(u"returnDateEdit")
        self.returnDateEdit.setCalendarPopup(True)

        self.backRow.addWidget(self.returnDateEdit)

        self.backRowSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.backRow.addItem(self.backRowSpacer)


        self.form.setLayout(6, QFormLayout.ItemRole.FieldRole, self.backRow)

        self.reportedByCaption = QLabel(ReportDialog)
        self.reportedByCaption.setObjectName(u"reportedByCaption")

        self.form.setWidget(7, QFormLayout.ItemRole.LabelRole, self.reportedByCaption)

        self.reportedByCombo = QComboBox(ReportDialog)
        self.reportedByCombo.setObjectName(u"reportedByCombo")
        self.reportedByCombo.setEditable(True)

        self.form.setWidget(7, QFormLayout.ItemRole.FieldRole, self.reportedByCombo)

        self.relationshipCaption = QLabel(ReportDialog)
        self.relationshipCaption.setObjectName(u"relationshipCaption")

        self.form.setWidget(8, QFormLayout.ItemRole.LabelRole, self.relationshipCaption)

        self.relationshipEdit = QLineEdit(ReportDialog)
        self.relationshipEdit.setObjectName(u"relationshipEdit")

        self.form.setWidget(8, QFormLayout.ItemRole.FieldRole, self.relationshipEdit)

        self.methodCaption = QLabel(ReportDialog)
        self.methodCaption.setObjectName(u"methodCaption")

        self.form.setWidget(9, QFormLayout.ItemRole.LabelRole, self.methodCaption)

        self.methodCombo = QComboBox(ReportDialog)
        self.methodCombo.setObjectName(u"methodCombo")

        self.form.setWidget(9, QFormLayout.ItemRole.FieldRole, self.methodCombo)

        self.whenCaption = QLabel(ReportDialog)
        self.whenCaption.setObjectName(u"whenCaption")

        self.form.setWidget(10, QFormLayout.ItemRole.LabelRole, self.whenCaption)

        self.whenEdit = QDateTimeEdit(ReportDialog)
        self.whenEdit.setObjectName(u"whenEdit")
        self.whenEdit.setCalendarPopup(True)

        self.form.setWidget(10, QFormLayout.ItemRole.FieldRole, self.whenEdit)

        self.evidenceCheck = QCheckBox(ReportDialog)
        self.evidenceCheck.setObjectName(u"evidenceCheck")

        self.form.setWidget(11, QFormLayout.ItemRole.FieldRole, self.evidenceCheck)

        self.notesCaption = QLabel(ReportDialog)
        self.notesCaption.setObjectName(u"notesCaption")

        self.form.setWidget(12, QFormLayout.ItemRole.LabelRole, self.notesCaption)

        self.notesEdit = QLineEdit(ReportDialog)
        self.notesEdit.setObjectName(u"notesEdit")

        self.form.setWidget(12, QFormLayout.ItemRole.FieldRole, self.notesEdit)


        self.mainLayout.addLayout(self.form)

        self.takenByLabel = QLabel(ReportDialog)
        self.takenByLabel.setObjectName(u"takenByLabel")

        self.mainLayout.addWidget(self.takenByLabel)

        self.errorLabel = QLabel(ReportDialog)
        self.errorLabel.setObjectName(u"errorLabel")
        self.errorLabel.setWordWrap(True)

        self.mainLayout.addWidget(self.errorLabel)

        self.buttonBox = QDialogButtonBox(ReportDialog)
        self.buttonBox.setObjectName(u"buttonBox")
        self.buttonBox.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Save)

        self.mainLayout.addWidget(self.buttonBox)

#if QT_CONFIG(shortcut)
        self.pupilCaption.setBuddy(self.pupilCombo)
        self.kindCaption.setBuddy(self.kindCombo)
        self.firstCaption.setBuddy(self.firstDateEdit)
        self.lastCaption.setBuddy(self.lastDateEdit)
        self.reasonCaption.setBuddy(self.reasonEdit)
        self.codeCaption.setBuddy(self.codeCombo)
        self.reportedByCaption.setBuddy(self.reportedByCombo)
        self.relationshipCaption.setBuddy(self.relationshipEdit)
        self.methodCaption.setBuddy(self.methodCombo)
        self.whenCaption.setBuddy(self.whenEdit)
        self.notesCaption.setBuddy(self.notesEdit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.pupilCombo, self.kindCombo)
        QWidget.setTabOrder(self.kindCombo, self.firstDateEdit)
        QWidget.setTabOrder(self.firstDateEdit, self.firstSessionCombo)
        QWidget.setTabOrder(self.firstSessionCombo, self.lastDateEdit)
        QWidget.setTabOrder(self.lastDateEdit, self.lastSessionCombo)
        QWidget.setTabOrder(self.lastSessionCombo, self.reasonEdit)
        QWidget.setTabOrder(self.reasonEdit, self.codeCombo)
        QWidget.setTabOrder(self.codeCombo, self.expectBackCheck)
        QWidget.setTabOrder(self.expectBackCheck, self.returnDateEdit)
        QWidget.setTabOrder(self.returnDateEdit, self.reportedByCombo)
        QWidget.setTabOrder(self.reportedByCombo, self.relationshipEdit)
        QWidget.setTabOrder(self.relationshipEdit, self.methodCombo)
        QWidget.setTabOrder(self.methodCombo, self.whenEdit)
        QWidget.setTabOrder(self.whenEdit, self.evidenceCheck)
        QWidget.setTabOrder(self.evidenceCheck, self.notesEdit)

        self.retranslateUi(ReportDialog)

        self.lastSessionCombo.setCurrentIndex(1)


        QMetaObject.connectSlotsByName(ReportDialog)
    # setupUi

    def retranslateUi(self, ReportDialog):
        ReportDialog.setWindowTitle(QCoreApplication.translate("ReportDialog", u"Absence reported or planned", None))
        self.pupilCaption.setText(QCoreApplication.translate("ReportDialog", u"&Pupil", None))
        self.kindCaption.setText(QCoreApplication.translate("ReportDialog", u"&Kind", None))
        self.firstCaption.setText(QCoreApplication.translate("ReportDialog", u"&From", None))
        self.firstDateEdit.setDisplayFormat(QCoreApplication.translate("ReportDialog", u"dd/MM/yyyy", None))
        self.firstSessionCombo.setItemText(0, QCoreApplication.translate("ReportDialog", u"AM", None))
        self.firstSessionCombo.setItemText(1, QCoreApplication.translate("ReportDialog", u"PM", None))

#if QT_CONFIG(accessibility)
        self.firstSessionCombo.setAccessibleName(QCoreApplication.translate("ReportDialog", u"First session", None))
#endif // QT_CONFIG(accessibility)
        self.lastCaption.setText(QCoreApplication.translate("ReportDialog", u"&To", None))
        self.lastDateEdit.setDisplayFormat(QCoreApplication.translate("ReportDialog", u"dd/MM/yyyy", None))
        self.lastSessionCombo.setItemText(0, QCoreApplication.translate("ReportDialog", u"AM", None))
        self.lastSessionCombo.setItemText(1, QCoreApplication.translate("ReportDialog", u"PM", None))

#if QT_CONFIG(accessibility)
        self.lastSessionCombo.setAccessibleName(QCoreApplication.translate("ReportDialog", u"Last session", None))
#endif // QT_CONFIG(accessibility)
        self.reasonCaption.setText(QCoreApplication.translate("ReportDialog", u"&Reason", None))
        self.reasonEdit.setPlaceholderText(QCoreApplication.translate("ReportDialog", u"In the family's words, e.g. 'temperature overnight'", None))
        self.codeCaption.setText(QCoreApplication.translate("ReportDialog", u"Proposed co&de", None))
        self.expectBackCheck.setText(QCoreApplication.translate("ReportDialog", u"&Expected back on", None))
#if QT_CONFIG(accessibility)
        self.returnDateEdit.setAccessibleName(QCoreApplication.translate("ReportDialog", u"Expected back on", None))
#endif // QT_CONFIG(accessibility)
        self.returnDateEdit.setDisplayFormat(QCoreApplication.translate("ReportDialog", u"dd/MM/yyyy", None))
        self.reportedByCaption.setText(QCoreApplication.translate("ReportDialog", u"Reported &by", None))
        self.relationshipCaption.setText(QCoreApplication.translate("ReportDialog", u"Re&lationship", None))
        self.methodCaption.setText(QCoreApplication.translate("ReportDialog", u"&How", None))
        self.whenCaption.setText(QCoreApplication.translate("ReportDialog", u"&When", None))
        self.whenEdit.setDisplayFormat(QCoreApplication.translate("ReportDialog", u"dd/MM/yyyy HH:mm", None))
        self.evidenceCheck.setText(QCoreApplication.translate("ReportDialog", u"E&vidence asked for", None))
        self.notesCaption.setText(QCoreApplication.translate("ReportDialog", u"&Notes", None))
        self.takenByLabel.setText(QCoreApplication.translate("ReportDialog", u"Taken by the signed-in staff member", None))
        self.errorLabel.setText("")
    # retranslateUi

