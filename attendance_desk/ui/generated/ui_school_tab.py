# GENERATED from forms/settings/school_tab.ui by installer/compile_forms.py: do not edit; edit the .ui and recompile.
# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'school_tab.ui'
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
from PySide6.QtWidgets import (QApplication, QFormLayout, QGroupBox, QHBoxLayout,
    QLabel, QLineEdit, QPlainTextEdit, QPushButton,
    QSizePolicy, QSpacerItem, QVBoxLayout, QWidget)

class Ui_SchoolTab(object):
    def setupUi(self, SchoolTab):
        if not SchoolTab.objectName():
            SchoolTab.setObjectName(u"SchoolTab")
        SchoolTab.resize(900, 560)
        self.mainLayout = QVBoxLayout(SchoolTab)
        self.mainLayout.setObjectName(u"mainLayout")
        self.columns = QHBoxLayout()
        self.columns.setSpacing(24)
        self.columns.setObjectName(u"columns")
        self.detailsForm = QFormLayout()
        self.detailsForm.setObjectName(u"detailsForm")
        self.detailsForm.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.nameCaption = QLabel(SchoolTab)
        self.nameCaption.setObjectName(u"nameCaption")

        self.detailsForm.setWidget(0, QFormLayout.ItemRole.LabelRole, self.nameCaption)

        self.nameEdit = QLineEdit(SchoolTab)
        self.nameEdit.setObjectName(u"nameEdit")

        self.detailsForm.setWidget(0, QFormLayout.ItemRole.FieldRole, self.nameEdit)

        self.urnCaption = QLabel(SchoolTab)
        self.urnCaption.setObjectName(u"urnCaption")

        self.detailsForm.setWidget(1, QFormLayout.ItemRole.LabelRole, self.urnCaption)

        self.urnEdit = QLineEdit(SchoolTab)
        self.urnEdit.setObjectName(u"urnEdit")

        self.detailsForm.setWidget(1, QFormLayout.ItemRole.FieldRole, self.urnEdit)

        self.laCaption = QLabel(SchoolTab)
        self.laCaption.setObjectName(u"laCaption")

        self.detailsForm.setWidget(2, QFormLayout.ItemRole.LabelRole, self.laCaption)

        self.laEdit = QLineEdit(SchoolTab)
        self.laEdit.setObjectName(u"laEdit")

        self.detailsForm.setWidget(2, QFormLayout.ItemRole.FieldRole, self.laEdit)

        self.addressCaption = QLabel(SchoolTab)
        self.addressCaption.setObjectName(u"addressCaption")

        self.detailsForm.setWidget(3, QFormLayout.ItemRole.LabelRole, self.addressCaption)

        self.addressEdit = QPlainTextEdit(SchoolTab)
        self.addressEdit.setObjectName(u"addressEdit")
        self.addressEdit.setMaximumSize(QSize(16777215, 90))
        self.addressEdit.setTabChangesFocus(True)

        self.detailsForm.setWidget(3, QFormLayout.ItemRole.FieldRole, self.addressEdit)

        self.phoneCaption = QLabel(SchoolTab)
        self.phoneCaption.setObjectName(u"phoneCaption")

        self.detailsForm.setWidget(4, QFormLayout.ItemRole.LabelRole, self.phoneCaption)

        self.phoneEdit = QLineEdit(SchoolTab)
        self.phoneEdit.setObjectName(u"phoneEdit")

        self.detailsForm.setWidget(4, QFormLayout.ItemRole.FieldRole, self.phoneEdit)

        self.emailCaption = QLabel(SchoolTab)
        self.emailCaption.setObjectName(u"emailCaption")

        self.detailsForm.setWidget(5, QFormLayout.ItemRole.LabelRole, self.emailCaption)

        self.emailEdit = QLineEdit(SchoolTab)
        self.emailEdit.setObjectName(u"emailEdit")

        self.detailsForm.setWidget(5, QFormLayout.ItemRole.FieldRole, self.emailEdit)

        self.websiteCaption = QLabel(SchoolTab)
        self.websiteCaption.setObjectName(u"websiteCaption")

        self.detailsForm.setWidget(6, QFormLayout.ItemRole.LabelRole, self.websiteCaption)

        self.websiteEdit = QLineEdit(SchoolTab)
        self.websiteEdit.setObjectName(u"websiteEdit")

        self.detailsForm.setWidget(6, QFormLayout.ItemRole.FieldRole, self.websiteEdit)

        self.headCaption = QLabel(SchoolTab)
        self.headCaption.setObjectName(u"headCaption")

        self.detailsForm.setWidget(7, QFormLayout.ItemRole.LabelRole, self.headCaption)

        self.headEdit = QLineEdit(SchoolTab)
        self.headEdit.setObjectName(u"headEdit")

        self.detailsForm.setWidget(7, QFormLayout.ItemRole.FieldRole, self.headEdit)

        self.leadCaption = QLabel(SchoolTab)
        self.leadCaption.setObjectName(u"leadCaption")

        self.detailsForm.setWidget(8, QFormLayout.ItemRole.LabelRole, self.leadCaption)

        self.leadEdit = QLineEdit(SchoolTab)
        self.leadEdit.setObjectName(u"leadEdit")

        self.detailsForm.setWidget(8, QFormLayout.ItemRole.FieldRole, self.leadEdit)


        self.columns.addLayout(self.detailsForm)

        self.imagesColumn = QVBoxLayout()
        self.imagesColumn.setObjectName(u"imagesColumn")
        self.logoGroup = QGroupBox(SchoolTab)
        self.logoGroup.setObjectName(u"logoGroup")
        self.logoLayout = QVBoxLayout(self.logoGroup)
        self.logoLayout.setObjectName(u"logoLayout")
        self.logoPreview = QLabel(self.logoGroup)
        self.logoPreview.setObjectName(u"logoPreview")
        self.logoPreview.setMinimumSize(QSize(240, 100))
        self.logoPreview.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.logoLayout.addWidget(self.logoPreview)

        self.logoButtons = QHBoxLayout()
        self.logoButtons.setObjectName(u"logoButtons")
        self.chooseLogoButton = QPushButton(self.logoGroup)
        self.chooseLogoButton.setObjectName(u"chooseLogoButton")

        self.logoButtons.addWidget(self.chooseLogoButton)

        self.clearLogoButton = QPushButton(self.logoGroup)
        self.clearLogoButton.setObjectName(u"clearLogoButton")

        self.logoButtons.addWidget(self.clearLogoButton)


        self.logoLayout.addLayout(self.logoButtons)


        self.imagesColumn.addWidget(self.logoGroup)

        self.signatureGroup = QGroupBox(SchoolTab)
        self.signatureGroup.setObjectName(u"signatureGroup")
        self.signatureLayout = QVBoxLayout(self.signatureGroup)
        self.signatureLayout.setObjectName(u"signatureLayout")
        self.signaturePreview = QLabel(self.signatureGroup)
        self.signaturePreview.setObjectName(u"signaturePreview")
        self.signaturePreview.setMinimumSize(QSize(240, 80))
        self.signaturePreview.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.signatureLayout.addWidget(self.signaturePreview)

        self.signatureButtons = QHBoxLayout()
        self.signatureButtons.setObjectName(u"signatureButtons")
        self.chooseSignatureButton = QPushButton(self.signatureGroup)
        self.chooseSignatureButton.setObjectName(u"chooseSignatureButton")

        self.signatureButtons.addWidget(self.chooseSignatureButton)

        self.clearSignatureButton = QPushButton(self.signatureGroup)
        self.clearSignatureButton.setObjectName(u"clearSignatureButton")

        self.signatureButtons.addWidget(self.clearSignatureButton)


        self.signatureLayout.addLayout(self.signatureButtons)


        self.imagesColumn.addWidget(self.signatureGroup)

        self.imagesSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.imagesColumn.addItem(self.imagesSpacer)


        self.columns.addLayout(self.imagesColumn)


        self.mainLayout.addLayout(self.columns)

        self.formSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.mainLayout.addItem(self.formSpacer)

        self.errorLabel = QLabel(SchoolTab)
        self.errorLabel.setObjectName(u"errorLabel")
        self.errorLabel.setWordWrap(True)

        self.mainLayout.addWidget(self.errorLabel)

        self.saveRow = QHBoxLayout()
        self.saveRow.setObjectName(u"saveRow")
        self.saveSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.saveRow.addItem(self.saveSpacer)

        self.revertButton = QPushButton(SchoolTab)
        self.revertButton.setObjectName(u"revertButton")

        self.saveRow.addWidget(self.revertButton)

        self.saveButton = QPushButton(SchoolTab)
        self.saveButton.setObjectName(u"saveButton")

        self.saveRow.addWidget(self.saveButton)


        self.mainLayout.addLayout(self.saveRow)

#if QT_CONFIG(shortcut)
        self.nameCaption.setBuddy(self.nameEdit)
        self.urnCaption.setBuddy(self.urnEdit)
        self.laCaption.setBuddy(self.laEdit)
        self.addressCaption.setBuddy(self.addressEdit)
        self.phoneCaption.setBuddy(self.phoneEdit)
        self.emailCaption.setBuddy(self.emailEdit)
        self.websiteCaption.setBuddy(self.websiteEdit)
        self.headCaption.setBuddy(self.headEdit)
        self.leadCaption.setBuddy(self.leadEdit)
#endif // QT_CONFIG(shortcut)

        self.retranslateUi(SchoolTab)

        QMetaObject.connectSlotsByName(SchoolTab)
    # setupUi

    def retranslateUi(self, SchoolTab):
        self.nameCaption.setText(QCoreApplication.translate("SchoolTab", u"School &name", None))
        self.urnCaption.setText(QCoreApplication.translate("SchoolTab", u"&URN", None))
        self.laCaption.setText(QCoreApplication.translate("SchoolTab", u"&Local authority", None))
        self.addressCaption.setText(QCoreApplication.translate("SchoolTab", u"&Address", None))
        self.phoneCaption.setText(QCoreApplication.translate("SchoolTab", u"&Phone", None))
        self.emailCaption.setText(QCoreApplication.translate("SchoolTab", u"&Email", None))
        self.websiteCaption.setText(QCoreApplication.translate("SchoolTab", u"&Website", None))
        self.headCaption.setText(QCoreApplication.translate("SchoolTab", u"Head &teacher", None))
        self.leadCaption.setText(QCoreApplication.translate("SchoolTab", u"Attendance lea&d", None))
        self.logoGroup.setTitle(QCoreApplication.translate("SchoolTab", u"Logo (letterhead)", None))
        self.logoPreview.setText(QCoreApplication.translate("SchoolTab", u"No logo", None))
        self.chooseLogoButton.setText(QCoreApplication.translate("SchoolTab", u"Choose logo\u2026", None))
        self.clearLogoButton.setText(QCoreApplication.translate("SchoolTab", u"Remove", None))
        self.signatureGroup.setTitle(QCoreApplication.translate("SchoolTab", u"Signature (letters)", None))
        self.signaturePreview.setText(QCoreApplication.translate("SchoolTab", u"No signature", None))
        self.chooseSignatureButton.setText(QCoreApplication.translate("SchoolTab", u"Choose signature\u2026", None))
        self.clearSignatureButton.setText(QCoreApplication.translate("SchoolTab", u"Remove", None))
        self.errorLabel.setText("")
        self.revertButton.setText(QCoreApplication.translate("SchoolTab", u"Und&o changes", None))
        self.saveButton.setText(QCoreApplication.translate("SchoolTab", u"Save  (Ctrl+S)", None))
        pass
    # retranslateUi

