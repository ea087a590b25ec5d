# GENERATED from forms/settings/rules_tab.ui by installer/compile_forms.py: do not edit; edit the .ui and recompile.
# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'rules_tab.ui'
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
from PySide6.QtWidgets import (QApplication, QDoubleSpinBox, QFormLayout, QHBoxLayout,
    QLabel, QPushButton, QSizePolicy, QSpacerItem,
    QSpinBox, QTimeEdit, QVBoxLayout, QWidget)

class Ui_RulesTab(object):
    def setupUi(self, RulesTab):
        if not RulesTab.objectName():
            RulesTab.setObjectName(u"RulesTab")
        RulesTab.resize(700, 420)
        self.mainLayout = QVBoxLayout(RulesTab)
        self.mainLayout.setObjectName(u"mainLayout")
        self.intro = QLabel(RulesTab)
        self.intro.setObjectName(u"intro")
        self.intro.setWordWrap(True)

        self.mainLayout.addWidget(self.intro)

        self.rulesForm = QFormLayout()
        self.rulesForm.setObjectName(u"rulesForm")
        self.atRiskCaption = QLabel(RulesTab)
        self.atRiskCaption.setObjectName(u"atRiskCaption")

        self.rulesForm.setWidget(0, QFormLayout.ItemRole.LabelRole, self.atRiskCaption)

        self.atRiskSpin = QDoubleSpinBox(RulesTab)
        self.atRiskSpin.setObjectName(u"atRiskSpin")
        self.atRiskSpin.setMaximum(100.000000000000000)
        self.atRiskSpin.setSingleStep(0.500000000000000)

        self.rulesForm.setWidget(0, QFormLayout.ItemRole.FieldRole, self.atRiskSpin)

        self.persistentCaption = QLabel(RulesTab)
        self.persistentCaption.setObjectName(u"persistentCaption")

        self.rulesForm.setWidget(1, QFormLayout.ItemRole.LabelRole, self.persistentCaption)

        self.persistentSpin = QDoubleSpinBox(RulesTab)
        self.persistentSpin.setObjectName(u"persistentSpin")
        self.persistentSpin.setMaximum(100.000000000000000)
        self.persistentSpin.setSingleStep(0.500000000000000)

        self.rulesForm.setWidget(1, QFormLayout.ItemRole.FieldRole, self.persistentSpin)

        self.severeCaption = QLabel(RulesTab)
        self.severeCaption.setObjectName(u"severeCaption")

        self.rulesForm.setWidget(2, QFormLayout.ItemRole.LabelRole, self.severeCaption)

        self.severeSpin = QDoubleSpinBox(RulesTab)
        self.severeSpin.setObjectName(u"severeSpin")
        self.severeSpin.setMaximum(100.000000000000000)
        self.severeSpin.setSingleStep(0.500000000000000)

        self.rulesForm.setWidget(2, QFormLayout.ItemRole.FieldRole, self.severeSpin)

        self.lessonsCaption = QLabel(RulesTab)
        self.lessonsCaption.setObjectName(u"lessonsCaption")

        self.rulesForm.setWidget(3, QFormLayout.ItemRole.LabelRole, self.lessonsCaption)

        self.lessonsSpin = QSpinBox(RulesTab)
        self.lessonsSpin.setObjectName(u"lessonsSpin")
        self.lessonsSpin.setMinimum(1)
        self.lessonsSpin.setMaximum(12)

        self.rulesForm.setWidget(3, QFormLayout.ItemRole.FieldRole, self.lessonsSpin)

        self.closeCaption = QLabel(RulesTab)
        self.closeCaption.setObjectName(u"closeCaption")

        self.rulesForm.setWidget(4, QFormLayout.ItemRole.LabelRole, self.closeCaption)

        self.closeTimeEdit = QTimeEdit(RulesTab)
        self.closeTimeEdit.setObjectName(u"closeTimeEdit")

        self.rulesForm.setWidget(4, QFormLayout.ItemRole.FieldRole, self.closeTimeEdit)


        self.mainLayout.addLayout(self.rulesForm)

        self.errorLabel = QLabel(RulesTab)
        self.errorLabel.setObjectName(u"errorLabel")
        self.errorLabel.setWordWrap(True)

        self.mainLayout.addWidget(self.errorLabel)

        self.rulesSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.mainLayout.addItem(self.rulesSpacer)

        self.saveRow = QHBoxLayout()
        self.saveRow.setObjectName(u"saveRow")
        self.saveSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.saveRow.addItem(self.saveSpacer)

        self.revertButton = QPushButton(RulesTab)
        self.revertButton.setObjectName(u"revertButton")

        self.saveRow.addWidget(self.revertButton)

        self.saveButton = QPushButton(RulesTab)
        self.saveButton.setObjectName(u"saveButton")

        self.saveRow.addWidget(self.saveButton)


        self.mainLayout.addLayout(self.saveRow)

#if QT_CONFIG(shortcut)
        self.atRiskCaption.setBuddy(self.atRiskSpin)
        self.persistentCaption.setBuddy(self.persistentSpin)
        self.severeCaption.setBuddy(self.severeSpin)
        self.lessonsCaption.setBuddy(self.lessonsSpin)
        self.closeCaption.setBuddy(self.closeTimeEdit)
#endif // QT_CONFIG(shortcut)

        self.retranslateUi(RulesTab)

        QMetaObject.connectSlotsByName(RulesTab)
    # setupUi

    def retranslateUi(self, RulesTab):
        self.intro.setText(QCoreApplication.translate("RulesTab", u"Bands sort pupils by their absence over the period shown. The national definitions are persistent absence from 10% and severe absence from 50%; change them only if your local authority asks you to.", None))
        self.atRiskCaption.setText(QCoreApplication.translate("RulesTab", u"&At risk when absence is above", None))
        self.atRiskSpin.setSuffix(QCoreApplication.translate("RulesTab", u" %", None))
        self.persistentCaption.setText(QCoreApplication.translate("RulesTab", u"&Persistent absence from", None))
        self.persistentSpin.setSuffix(QCoreApplication.translate("RulesTab", u" %", None))
        self.severeCaption.setText(QCoreApplication.translate("RulesTab", u"&Severe absence from", None))
        self.severeSpin.setSuffix(QCoreApplication.translate("RulesTab", u" %", None))
        self.lessonsCaption.setText(QCoreApplication.translate("RulesTab", u"&Lessons per day", None))
        self.closeCaption.setText(QCoreApplication.translate("RulesTab", u"&Morning register closes at", None))
        self.closeTimeEdit.setDisplayFormat(QCoreApplication.translate("RulesTab", u"HH:mm", None))
        self.errorLabel.setText("")
        self.revertButton.setText(QCoreApplication.translate("RulesTab", u"Und&o changes", None))
        self.saveButton.setText(QCoreApplication.translate("RulesTab", u"Save  (Ctrl+S)", None))
        pass
    # retranslateUi

