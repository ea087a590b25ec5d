# GENERATED from forms/staff_chooser.ui by installer/compile_forms.py: do not edit; edit the .ui and recompile.
# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'staff_chooser.ui'
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
    QDialogButtonBox, QFormLayout, QGroupBox, QLabel,
    QLineEdit, QListWidget, QListWidgetItem, QPushButton,
    QSizePolicy, QVBoxLayout, QWidget)

class Ui_StaffChooserDialog(object):
    def setupUi(self, StaffChooserDialog):
        if not StaffChooserDialog.objectName():
            StaffChooserDialog.setObjectName(u"StaffChooserDialog")
        StaffChooserDialog.resize(460, 480)
        self.mainLayout = QVBoxLayout(StaffChooserDialog)
        self.mainLayout.setObjectName(u"mainLayout")
        self.intro = QLabel(StaffChooserDialog)
        self.intro.setObjectName(u"intro")
        self.intro.setWordWrap(True)

        self.mainLayout.addWidget(self.intro)

        self.staffList = QListWidget(StaffChooserDialog)
        self.staffList.setObjectName(u"staffList")

        self.mainLayout.addWidget(self.staffList)

        self.addGroup = QGroupBox(StaffChooserDialog)
        self.addGroup.setObjectName(u"addGroup")
        self.addForm = QFormLayout(self.addGroup)
        self.addForm.setObjectName(u"addForm")
        self.nameCaption = QLabel(self.addGroup)
        self.nameCaption.setObjectName(u"nameCaption")

        self.addForm.setWidget(0, QFormLayout.ItemRole.LabelRole, self.nameCaption)

        self.nameEdit = QLineEdit(self.addGroup)
        self.nameEdit.setObjectName(u"nameEdit")

        self.addForm.setWidget(0, QFormLayout.ItemRole.FieldRole, self.nameEdit)

        self.positionCaption = QLabel(self.addGroup)
        self.positionCaption.setObjectName(u"positionCaption")

        self.addForm.setWidget(1, QFormLayout.ItemRole.LabelRole, self.positionCaption)

        self.positionEdit = QLineEdit(self.addGroup)
        self.positionEdit.setObjectName(u"positionEdit")

        self.addForm.setWidget(1, QFormLayout.ItemRole.FieldRole, self.positionEdit)

        self.roleCaption = QLabel(self.addGroup)
        self.roleCaption.setObjectName(u"roleCaption")

        self.addForm.setWidget(2, QFormLayout.ItemRole.LabelRole, self.roleCaption)

        self.roleCombo = QComboBox(self.addGroup)
        self.roleCombo.setObjectName(u"roleCombo")

        self.addForm.setWidget(2, QFormLayout.ItemRole.FieldRole, self.roleCombo)

        self.addButton = QPushButton(self.addGroup)
        self.addButton.setObjectName(u"addButton")

        self.addForm.setWidget(3, QFormLayout.ItemRole.FieldRole, self.addButton)


        self.mainLayout.addWidget(self.addGroup)

        self.errorLabel = QLabel(StaffChooserDialog)
        self.errorLabel.setObjectName(u"errorLabel")
        self.errorLabel.setWordWrap(True)

        self.mainLayout.addWidget(self.errorLabel)

        self.buttonBox = QDialogButtonBox(StaffChooserDialog)
        self.buttonBox.setObjectName(u"buttonBox")
        self.buttonBox.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Ok)

        self.mainLayout.addWidget(self.buttonBox)

#if QT_CONFIG(shortcut)
        self.nameCaption.setBuddy(self.nameEdit)
        self.positionCaption.setBuddy(self.positionEdit)
        self.roleCaption.setBuddy(self.roleCombo)
#endif // QT_CONFIG(shortcut)

        self.retranslateUi(StaffChooserDialog)

        QMetaObject.connectSlotsByName(StaffChooserDialog)
    # setupUi

    def retranslateUi(self, StaffChooserDialog):
        StaffChooserDialog.setWindowTitle(QCoreApplication.translate("StaffChooserDialog", u"Who is working?", None))
        self.intro.setText(QCoreApplication.translate("StaffChooserDialog", u"Choose your name. Everything you record or change is kept with your name against it.", None))
#if QT_CONFIG(accessibility)
        self.staffList.setAccessibleName(QCoreApplication.translate("StaffChooserDialog", u"Staff members", None))
#endif // QT_CONFIG(accessibility)
        self.addGroup.setTitle(QCoreApplication.translate("StaffChooserDialog", u"Not listed? Add yourself", None))
        self.nameCaption.setText(QCoreApplication.translate("StaffChooserDialog", u"&Name", None))
        self.positionCaption.setText(QCoreApplication.translate("StaffChooserDialog", u"&Position", None))
        self.positionEdit.setPlaceholderText(QCoreApplication.translate("StaffChooserDialog", u"e.g. Attendance officer", None))
        self.roleCaption.setText(QCoreApplication.translate("StaffChooserDialog", u"&Role", None))
        self.addButton.setText(QCoreApplication.translate("StaffChooserDialog", u"&Add and choose", None))
        self.errorLabel.setText("")
    # retranslateUi

