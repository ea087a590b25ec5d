# GENERATED from forms/letters/delivery_dialog.ui by installer/compile_forms.py: do not edit; edit the .ui and recompile.
# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'delivery_dialog.ui'
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
from PySide6.QtWidgets import (QAbstractButton, QApplication, QComboBox, QDateTimeEdit,
    QDialog, QDialogButtonBox, QFormLayout, QLabel,
    QLineEdit, QSizePolicy, QWidget)

class Ui_DeliveryDialog(object):
    def setupUi(self, DeliveryDialog):
        if not DeliveryDialog.objectName():
            DeliveryDialog.setObjectName(u"DeliveryDialog")
        DeliveryDialog.resize(420, 250)
        self.form = QFormLayout(DeliveryDialog)
        self.form.setObjectName(u"form")
        self.methodCaption = QLabel(DeliveryDialog)
        self.methodCaption.setObjectName(u"methodCaption")

        self.form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.methodCaption)

        self.methodCombo = QComboBox(DeliveryDialog)
        self.methodCombo.setObjectName(u"methodCombo")

        self.form.setWidget(0, QFormLayout.ItemRole.FieldRole, self.methodCombo)

        self.whenCaption = QLabel(DeliveryDialog)
        self.whenCaption.setObjectName(u"whenCaption")

        self.form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.whenCaption)

        self.whenEdit = QDateTimeEdit(DeliveryDialog)
        self.whenEdit.setObjectName(u"whenEdit")
        self.whenEdit.setCalendarPopup(True)

        self.form.setWidget(1, QFormLayout.ItemRole.FieldRole, self.whenEdit)

        self.handedToCaption = QLabel(DeliveryDialog)
        self.handedToCaption.setObjectName(u"handedToCaption")

        self.form.setWidget(2, QFormLayout.ItemRole.LabelRole, self.handedToCaption)

        self.handedToEdit = QLineEdit(DeliveryDialog)
        self.handedToEdit.setObjectName(u"handedToEdit")

        self.form.setWidget(2, QFormLayout.ItemRole.FieldRole, self.handedToEdit)

        self.placeCaption = QLabel(DeliveryDialog)
        self.placeCaption.setObjectName(u"placeCaption")

        self.form.setWidget(3, QFormLayout.ItemRole.LabelRole, self.placeCaption)

        self.placeEdit = QLineEdit(DeliveryDialog)
        self.placeEdit.setObjectName(u"placeEdit")

        self.form.setWidget(3, QFormLayout.ItemRole.FieldRole, self.placeEdit)

        self.emailCaption = QLabel(DeliveryDialog)
        self.emailCaption.setObjectName(u"emailCaption")

        self.form.setWidget(4, QFormLayout.ItemRole.LabelRole, self.emailCaption)

        self.emailEdit = QLineEdit(DeliveryDialog)
        self.emailEdit.setObjectName(u"emailEdit")

        self.form.setWidget(4, QFormLayout.ItemRole.FieldRole, self.emailEdit)

        self.noteCaption = QLabel(DeliveryDialog)
        self.noteCaption.setObjectName(u"noteCaption")

        self.form.setWidget(5, QFormLayout.ItemRole.LabelRole, self.noteCaption)

        self.noteEdit = QLineEdit(DeliveryDialog)
        self.noteEdit.setObjectName(u"noteEdit")

        self.form.setWidget(5, QFormLayout.ItemRole.FieldRole, self.noteEdit)

        self.buttonBox = QDialogButtonBox(DeliveryDialog)
        self.buttonBox.setObjectName(u"buttonBox")
        self.buttonBox.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Ok)

        self.form.setWidget(6, QFormLayout.ItemRole.SpanningRole, self.buttonBox)

#if QT_CONFIG(shortcut)
        self.methodCaption.setBuddy(self.methodCombo)
        self.whenCaption.setBuddy(self.whenEdit)
        self.handedToCaption.setBuddy(self.handedToEdit)
        self.placeCaption.setBuddy(self.placeEdit)
        self.emailCaption.setBuddy(self.emailEdit)
        self.noteCaption.setBuddy(self.noteEdit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.methodCombo, self.whenEdit)
        QWidget.setTabOrder(self.whenEdit, self.handedToEdit)
        QWidget.setTabOrder(self.handedToEdit, self.placeEdit)
        QWidget.setTabOrder(self.placeEdit, self.emailEdit)
        QWidget.setTabOrder(self.emailEdit, self.noteEdit)

        self.retranslateUi(DeliveryDialog)

        QMetaObject.connectSlotsByName(DeliveryDialog)
    # setupUi

    def retranslateUi(self, DeliveryDialog):
        DeliveryDialog.setWindowTitle(QCoreApplication.translate("DeliveryDialog", u"Delivery of the letter", None))
        self.methodCaption.setText(QCoreApplication.translate("DeliveryDialog", u"&How", None))
        self.whenCaption.setText(QCoreApplication.translate("DeliveryDialog", u"&Date and time", None))
        self.whenEdit.setDisplayFormat(QCoreApplication.translate("DeliveryDialog", u"dd/MM/yyyy HH:mm", None))
        self.handedToCaption.setText(QCoreApplication.translate("DeliveryDialog", u"Handed &to", None))
        self.placeCaption.setText(QCoreApplication.translate("DeliveryDialog", u"&Where", None))
        self.placeEdit.setPlaceholderText(QCoreApplication.translate("DeliveryDialog", u"e.g. school reception", None))
        self.emailCaption.setText(QCoreApplication.translate("DeliveryDialog", u"&Email address", None))
        self.emailEdit.setPlaceholderText(QCoreApplication.translate("DeliveryDialog", u"the recipient's own email address", None))
        self.noteCaption.setText(QCoreApplication.translate("DeliveryDialog", u"&Note", None))
    # retranslateUi

