# GENERATED from forms/settings/staff_dialog.ui by installer/compile_forms.py: do not edit; edit the .ui and recompile.
# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'staff_dialog.ui'
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
from PySide6.QtWidgets import (QAbstractButton, QApplication, QComboBox, QDialog,
    QDialogButtonBox, QFormLayout, QLabel, QLineEdit,
    QSizePolicy, QVBoxLayout, QWidget)

class Ui_StaffDialog(object):
    def setupUi(self, StaffDialog):
        if not StaffDialog.objectName():
            StaffDialog.setObjectName(u"StaffDialog")
        StaffDialog.resize(420, 220)
        self.mainLayout = QVBoxLayout(StaffDialog)
        self.mainLayout.setObjectName(u"mainLayout")
        self.form = QFormLayout()
        self.form.setObjectName(u"form")
        self.nameCaption = QLabel(StaffDialog)
        self.nameCaption.setObjectName(u"nameCaption")

        self.form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.nameCaption)

        self.nameEdit = QLineEdit(StaffDialog)
        self.nameEdit.setObjectName(u"nameEdit")

        self.form.setWidget(0, QFormLayout.ItemRole.FieldRole, self.nameEdit)

        self.positionCaption = QLabel(StaffDialog)
        self.positionCaption.setObjectName(u"positionCaption")

        self.form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.positionCaption)

        self.positionEdit = QLineEdit(StaffDialog)
        self.positionEdit.setObjectName(u"positionEdit")

        self.form.setWidget(1, QFormLayout.ItemRole.FieldRole, self.positionEdit)

        self.roleCaption = QLabel(StaffDialog)
        self.roleCaption.setObjectName(u"roleCaption")

        self.form.setWidget(2, QFormLayout.ItemRole.LabelRole, self.roleCaption)

        self.roleCombo = QComboBox(StaffDialog)
        self.roleCombo.setObjectName(u"roleCombo")

        self.form.setWidget(2, QFormLayout.ItemRole.FieldRole, self.roleCombo)

        self.emailCaption = QLabel(StaffDialog)
        self.emailCaption.setObjectName(u"emailCaption")

        self.form.setWidget(3, QFormLayout.ItemRole.LabelRole, self.emailCaption)

        self.emailEdit = QLineEdit(StaffDialog)
        self.emailEdit.setObjectName(u"emailEdit")

        self.form.setWidget(3, QFormLayout.ItemRole.FieldRole, self.emailEdit)


        self.mainLayout.addLayout(self.form)

        self.errorLabel = QLabel(StaffDialog)
        self.errorLabel.setObjectName(u"errorLabel")
        self.errorLabel.setWordWrap(True)

        self.mainLayout.addWidget(self.errorLabel)

        self.buttonBox = QDialogButtonBox(StaffDialog)
        self.buttonBox.setObjectName(u"buttonBox")
        self.buttonBox.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Save)

        self.mainLayout.addWidget(self.buttonBox)

#if QT_CONFIG(shortcut)
        self.nameCaption.setBuddy(self.nameEdit)
        self.positionCaption.setBuddy(self.positionEdit)
        self.roleCaption.setBuddy(self.roleCombo)
        self.emailCaption.setBuddy(self.emailEdit)
#endif // QT_CONFIG(shortcut)

        self.retranslateUi(StaffDialog)

        QMetaObject.connectSlotsByName(StaffDialog)
    # setupUi

    def retranslateUi(self, StaffDialog):
        StaffDialog.setWindowTitle(QCoreApplication.translate("StaffDialog", u"Staff member", None))
        self.nameCaption.setText(QCoreApplication.translate("StaffDialog", u"&Name", None))
        self.positionCaption.setText(QCoreApplication.translate("StaffDialog", u"&Position", None))
        self.roleCaption.setText(QCoreApplication.translate("StaffDialog", u"&Role", None))
        self.emailCaption.setText(QCoreApplication.translate("StaffDialog", u"&Email", None))
        self.errorLabel.setText("")
    # retranslateUi

