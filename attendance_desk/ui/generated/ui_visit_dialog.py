# GENERATED from forms/calling/visit_dialog.ui by installer/compile_forms.py: do not edit; edit the .ui and recompile.
# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'visit_dialog.ui'
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
    QDateTimeEdit, QDialog, QDialogButtonBox, QFormLayout,
    QLabel, QLineEdit, QPlainTextEdit, QSizePolicy,
    QVBoxLayout, QWidget)

class Ui_VisitDialog(object):
    def setupUi(self, VisitDialog):
        if not VisitDialog.objectName():
            VisitDialog.setObjectName(u"VisitDialog")
        self.mainLayout = QVBoxLayout(VisitDialog)
        self.mainLayout.setObjectName(u"mainLayout")
        self.form = QFormLayout()
        self.form.setObjectName(u"form")
        self.whenCaption = QLabel(VisitDialog)
        self.whenCaption.setObjectName(u"whenCaption")

        self.form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.whenCaption)

        self.whenEdit = QDateTimeEdit(VisitDialog)
        self.whenEdit.setObjectName(u"whenEdit")
        self.whenEdit.setCalendarPopup(True)

        self.form.setWidget(0, QFormLayout.ItemRole.FieldRole, self.whenEdit)

        self.staffCaption = QLabel(VisitDialog)
        self.staffCaption.setObjectName(u"staffCaption")

        self.form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.staffCaption)

        self.staffCombo = QComboBox(VisitDialog)
        self.staffCombo.setObjectName(u"staffCombo")

        self.form.setWidget(1, QFormLayout.ItemRole.FieldRole, self.staffCombo)

        self.accompaniedByCaption = QLabel(VisitDialog)
        self.accompaniedByCaption.setObjectName(u"accompaniedByCaption")

        self.form.setWidget(2, QFormLayout.ItemRole.LabelRole, self.accompaniedByCaption)

        self.accompaniedByEdit = QLineEdit(VisitDialog)
        self.accompaniedByEdit.setObjectName(u"accompaniedByEdit")

        self.form.setWidget(2, QFormLayout.ItemRole.FieldRole, self.accompaniedByEdit)

        self.peopleSeenCaption = QLabel(VisitDialog)
        self.peopleSeenCaption.setObjectName(u"peopleSeenCaption")

        self.form.setWidget(3, QFormLayout.ItemRole.LabelRole, self.peopleSeenCaption)

        self.peopleSeenEdit = QLineEdit(VisitDialog)
        self.peopleSeenEdit.setObjectName(u"peopleSeenEdit")

        self.form.setWidget(3, QFormLayout.ItemRole.FieldRole, self.peopleSeenEdit)

        self.childSeenCheck = QCheckBox(VisitDialog)
        self.childSeenCheck.setObjectName(u"childSeenCheck")

        self.form.setWidget(4, QFormLayout.ItemRole.FieldRole, self.childSeenCheck)

        self.outcomeCaption = QLabel(VisitDialog)
        self.outcomeCaption.setObjectName(u"outcomeCaption")

        self.form.setWidget(5, QFormLayout.ItemRole.LabelRole, self.outcomeCaption)

        self.outcomeCombo = QComboBox(VisitDialog)
        self.outcomeCombo.setObjectName(u"outcomeCombo")

        self.form.setWidget(5, QFormLayout.ItemRole.FieldRole, self.outcomeCombo)

        self.notesCaption = QLabel(VisitDialog)
        self.notesCaption.setObjectName(u"notesCaption")

        self.form.setWidget(6, QFormLayout.ItemRole.LabelRole, self.notesCaption)

        self.notesEdit = QPlainTextEdit(VisitDialog)
        self.notesEdit.setObjectName(u"notesEdit")
        self.notesEdit.setMinimumSize(QSize(0, 70))
        self.notesEdit.setMaximumSize(QSize(16777215, 70))
        self.notesEdit.setTabChangesFocus(True)

        self.form.setWidget(6, QFormLayout.ItemRole.FieldRole, self.notesEdit)

        self.concernsCaption = QLabel(VisitDialog)
        self.concernsCaption.setObjectName(u"concernsCaption")

        self.form.setWidget(7, QFormLayout.ItemRole.LabelRole, self.concernsCaption)

        self.concernsEdit = QPlainTextEdit(VisitDialog)
        self.concernsEdit.setObjectName(u"concernsEdit")
        self.concernsEdit.setMinimumSize(QSize(0, 60))
        self.concernsEdit.setMaximumSize(QSize(16777215, 60))
        self.concernsEdit.setTabChangesFocus(True)

        self.form.setWidget(7, QFormLayout.ItemRole.FieldRole, self.concernsEdit)


        self.mainLayout.addLayout(self.form)

        self.errorLabel = QLabel(VisitDialog)
        self.errorLabel.setObjectName(u"errorLabel")
        self.errorLabel.setWordWrap(True)

        self.mainLayout.addWidget(self.errorLabel)

        self.buttonBox = QDialogButtonBox(VisitDialog)
        self.buttonBox.setObjectName(u"buttonBox")
        self.buttonBox.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Save)

        self.mainLayout.addWidget(self.buttonBox)

#if QT_CONFIG(shortcut)
        self.whenCaption.setBuddy(self.whenEdit)
        self.staffCaption.setBuddy(self.staffCombo)
        self.accompaniedByCaption.setBuddy(self.accompaniedByEdit)
        self.peopleSeenCaption.setBuddy(self.peopleSeenEdit)
        self.outcomeCaption.setBuddy(self.outcomeCombo)
        self.notesCaption.setBuddy(self.notesEdit)
        self.concernsCaption.setBuddy(self.concernsEdit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.whenEdit, self.staffCombo)
        QWidget.setTabOrder(self.staffCombo, self.accompaniedByEdit)
        QWidget.setTabOrder(self.accompaniedByEdit, self.peopleSeenEdit)
        QWidget.setTabOrder(self.peopleSeenEdit, self.childSeenCheck)
        QWidget.setTabOrder(self.childSeenCheck, self.outcomeCombo)
        QWidget.setTabOrder(self.outcomeCombo, self.notesEdit)
        QWidget.setTabOrder(self.notesEdit, self.concernsEdit)

        self.retranslateUi(VisitDialog)

        QMetaObject.connectSlotsByName(VisitDialog)
    # setupUi

    def retranslateUi(self, VisitDialog):
        VisitDialog.setWindowTitle(QCoreApplication.translate("VisitDialog", u"Home visit", None))
        self.whenCaption.setText(QCoreApplication.translate("VisitDialog", u"&Date and time", None))
        self.whenEdit.setDisplayFormat(QCoreApplication.translate("VisitDialog", u"dd/MM/yyyy HH:mm", None))
        self.staffCaption.setText(QCoreApplication.translate("VisitDialog", u"Visited &by", None))
        self.accompaniedByCaption.setText(QCoreApplication.translate("VisitDialog", u"&With", None))
        self.peopleSeenCaption.setText(QCoreApplication.translate("VisitDialog", u"&People seen", None))
        self.peopleSeenEdit.setPlaceholderText(QCoreApplication.translate("VisitDialog", u"Who came to the door, who else was there", None))
        self.childSeenCheck.setText(QCoreApplication.translate("VisitDialog", u"The c&hild was seen", None))
        self.outcomeCaption.setText(QCoreApplication.translate("VisitDialog", u"&Outcome", None))
        self.notesCaption.setText(QCoreApplication.translate("VisitDialog", u"&Notes", None))
        self.concernsCaption.setText(QCoreApplication.translate("VisitDialog", u"Conc&erns", None))
        self.concernsEdit.setPlaceholderText(QCoreApplication.translate("VisitDialog", u"Anything here also goes to the safeguarding lead's list", None))
        self.errorLabel.setText("")
    # retranslateUi

