# GENERATED from forms/casework/stages_tab.ui by installer/compile_forms.py: do not edit; edit the .ui and recompile.
# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'stages_tab.ui'
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
from PySide6.QtWidgets import (QApplication, QCheckBox, QFormLayout, QGroupBox,
    QHBoxLayout, QLabel, QLineEdit, QListWidget,
    QListWidgetItem, QPlainTextEdit, QPushButton, QSizePolicy,
    QSpacerItem, QSpinBox, QVBoxLayout, QWidget)

class Ui_StagesTab(object):
    def setupUi(self, StagesTab):
        if not StagesTab.objectName():
            StagesTab.setObjectName(u"StagesTab")
        StagesTab.resize(900, 680)
        self.mainLayout = QVBoxLayout(StagesTab)
        self.mainLayout.setObjectName(u"mainLayout")
        self.intro = QLabel(StagesTab)
        self.intro.setObjectName(u"intro")
        self.intro.setWordWrap(True)

        self.mainLayout.addWidget(self.intro)

        self.stagesGroup = QGroupBox(StagesTab)
        self.stagesGroup.setObjectName(u"stagesGroup")
        self.stagesLayout = QHBoxLayout(self.stagesGroup)
        self.stagesLayout.setObjectName(u"stagesLayout")
        self.stageList = QListWidget(self.stagesGroup)
        self.stageList.setObjectName(u"stageList")
        self.stageList.setMinimumSize(QSize(180, 0))
        self.stageList.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.stageList.setWordWrap(True)
        self.stageList.setSpacing(2)

        self.stagesLayout.addWidget(self.stageList)

        self.stageButtons = QVBoxLayout()
        self.stageButtons.setObjectName(u"stageButtons")
        self.addButton = QPushButton(self.stagesGroup)
        self.addButton.setObjectName(u"addButton")

        self.stageButtons.addWidget(self.addButton)

        self.upButton = QPushButton(self.stagesGroup)
        self.upButton.setObjectName(u"upButton")

        self.stageButtons.addWidget(self.upButton)

        self.downButton = QPushButton(self.stagesGroup)
        self.downButton.setObjectName(u"downButton")

        self.stageButtons.addWidget(self.downButton)

        self.removeButton = QPushButton(self.stagesGroup)
        self.removeButton.setObjectName(u"removeButton")

        self.stageButtons.addWidget(self.removeButton)

        self.stageButtonsSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.stageButtons.addItem(self.stageButtonsSpacer)

        self.defaultStagesButton = QPushButton(self.stagesGroup)
        self.defaultStagesButton.setObjectName(u"defaultStagesButton")

        self.stageButtons.addWidget(self.defaultStagesButton)


        self.stagesLayout.addLayout(self.stageButtons)

        self.stageForm = QFormLayout()
        self.stageForm.setObjectName(u"stageForm")
        self.nameCaption = QLabel(self.stagesGroup)
        self.nameCaption.setObjectName(u"nameCaption")

        self.stageForm.setWidget(0, QFormLayout.ItemRole.LabelRole, self.nameCaption)

        self.nameEdit = QLineEdit(self.stagesGroup)
        self.nameEdit.setObjectName(u"nameEdit")
        self.nameEdit.setMaxLength(200)

        self.stageForm.setWidget(0, QFormLayout.ItemRole.FieldRole, self.nameEdit)

        self.stepsCaption = QLabel(self.stagesGroup)
        self.stepsCaption.setObjectName(u"stepsCaption")

        self.stageForm.setWidget(1, QFormLayout.ItemRole.LabelRole, self.stepsCaption)

        self.stepsEdit = QPlainTextEdit(self.stagesGroup)
        self.stepsEdit.setObjectName(u"stepsEdit")
        self.stepsEdit.setTabChangesFocus(True)
        self.stepsEdit.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)

        self.stageForm.setWidget(1, QFormLayout.ItemRole.FieldRole, self.stepsEdit)

        self.legalCheck = QCheckBox(self.stagesGroup)
        self.legalCheck.setObjectName(u"legalCheck")

        self.stageForm.setWidget(2, QFormLayout.ItemRole.FieldRole, self.legalCheck)

        self.usageLabel = QLabel(self.stagesGroup)
        self.usageLabel.setObjectName(u"usageLabel")
        self.usageLabel.setWordWrap(True)

        self.stageForm.setWidget(3, QFormLayout.ItemRole.FieldRole, self.usageLabel)


        self.stagesLayout.addLayout(self.stageForm)

        self.stagesLayout.setStretch(0, 3)
        self.stagesLayout.setStretch(2, 4)

        self.mainLayout.addWidget(self.stagesGroup)

        self.rulesGroup = QGroupBox(StagesTab)
        self.rulesGroup.setObjectName(u"rulesGroup")
        self.rulesLayout = QVBoxLayout(self.rulesGroup)
        self.rulesLayout.setObjectName(u"rulesLayout")
        self.rulesIntro = QLabel(self.rulesGroup)
        self.rulesIntro.setObjectName(u"rulesIntro")
        self.rulesIntro.setWordWrap(True)

        self.rulesLayout.addWidget(self.rulesIntro)

        self.rulesForm = QFormLayout()
        self.rulesForm.setObjectName(u"rulesForm")
        self.bandsCaption = QLabel(self.rulesGroup)
        self.bandsCaption.setObjectName(u"bandsCaption")

        self.rulesForm.setWidget(0, QFormLayout.ItemRole.LabelRole, self.bandsCaption)

        self.bandsRow = QHBoxLayout()
        self.bandsRow.setObjectName(u"bandsRow")
        self.severeCheck = QCheckBox(self.rulesGroup)
        self.severeCheck.setObjectName(u"severeCheck")

        self.bandsRow.addWidget(self.severeCheck)

        self.persistentCheck = QCheckBox(self.rulesGroup)
        self.persistentCheck.setObjectName(u"persistentCheck")

        self.bandsRow.addWidget(self.persistentCheck)

        self.atRiskCheck = QCheckBox(self.rulesGroup)
        self.atRiskCheck.setObjectName(u"atRiskCheck")

        self.bandsRow.addWidget(self.atRiskCheck)

        self.bandsSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.bandsRow.addItem(self.bandsSpacer)


        self.rulesForm.setLayout(0, QFormLayout.ItemRole.FieldRole, self.bandsRow)

        self.penaltyCaption = QLabel(self.rulesGroup)
        self.penaltyCaption.setObjectName(u"penaltyCaption")

        self.rulesForm.setWidget(1, QFormLayout.ItemRole.LabelRole, self.penaltyCaption)

        self.penaltyCheck = QCheckBox(self.rulesGroup)
        self.penaltyCheck.setObjectName(u"penaltyCheck")

        self.rulesForm.setWidget(1, QFormLayout.ItemRole.FieldRole, self.penaltyCheck)

        self.ratioCaption = QLabel(self.rulesGroup)
        self.ratioCaption.setObjectName(u"ratioCaption")

        self.rulesForm.setWidget(2, QFormLayout.ItemRole.LabelRole, self.ratioCaption)

        self.brokenRow = QHBoxLayout()
        self.brokenRow.setObjectName(u"brokenRow")
        self.ratioLead = QLabel(self.rulesGroup)
        self.ratioLead.setObjectName(u"ratioLead")

        self.brokenRow.addWidget(self.ratioLead)

        self.ratioSpin = QSpinBox(self.rulesGroup)
        self.ratioSpin.setObjectName(u"ratioSpin")
        self.ratioSpin.setMinimum(1)
        self.ratioSpin.setMaximum(100)
        self.ratioSpin.setSingleStep(5)

        self.brokenRow.addWidget(self.ratioSpin)

        self.ratioTail = QLabel(self.rulesGroup)
        self.ratioTail.setObjectName(u"ratioTail")

        self.brokenRow.addWidget(self.ratioTail)

        self.minWeeksSpin = QSpinBox(self.rulesGroup)
        self.minWeeksSpin.setObjectName(u"minWeeksSpin")
        self.minWeeksSpin.setMinimum(1)
        self.minWeeksSpin.setMaximum(39)

        self.brokenRow.addWidget(self.minWeeksSpin)

        self.brokenSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.brokenRow.addItem(self.brokenSpacer)


        self.rulesForm.setLayout(2, QFormLayout.ItemRole.FieldRole, self.brokenRow)

        self.rulesDefaultsRow = QHBoxLayout()
        self.rulesDefaultsRow.setObjectName(u"rulesDefaultsRow")
        self.defaultRulesButton = QPushButton(self.rulesGroup)
        self.defaultRulesButton.setObjectName(u"defaultRulesButton")

        self.rulesDefaultsRow.addWidget(self.defaultRulesButton)

        self.rulesDefaultsSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.rulesDefaultsRow.addItem(self.rulesDefaultsSpacer)


        self.rulesForm.setLayout(3, QFormLayout.ItemRole.FieldRole, self.rulesDefaultsRow)


        self.rulesLayout.addLayout(self.rulesForm)


        self.mainLayout.addWidget(self.rulesGroup)

        self.saveRow = QHBoxLayout()
        self.saveRow.setObjectName(u"saveRow")
        self.messageLabel = QLabel(StagesTab)
        self.messageLabel.setObjectName(u"messageLabel")
        self.messageLabel.setWordWrap(True)
        sizePolicy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        sizePolicy.setHorizontalStretch(1)
        sizePolicy.setVerticalStretch(0)
        sizePolicy.setHeightForWidth(self.messageLabel.sizePolicy().hasHeightForWidth())
        self.messageLabel.setSizePolicy(sizePolicy)

        self.saveRow.addWidget(self.messageLabel)

        self.revertButton = QPushButton(StagesTab)
        self.revertButton.setObjectName(u"revertButton")

        self.saveRow.addWidget(self.revertButton)

        self.saveButton = QPushButton(StagesTab)
        self.saveButton.setObjectName(u"saveButton")

        self.saveRow.addWidget(self.saveButton)


        self.mainLayout.addLayout(self.saveRow)

#if QT_CONFIG(shortcut)
        self.nameCaption.setBuddy(self.nameEdit)
        self.stepsCaption.setBuddy(self.stepsEdit)
        self.ratioCaption.setBuddy(self.ratioSpin)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.stageList, self.addButton)
        QWidget.setTabOrder(self.addButton, self.upButton)
        QWidget.setTabOrder(self.upButton, self.downButton)
        QWidget.setTabOrder(self.downButton, self.removeButton)
        QWidget.setTabOrder(self.removeButton, self.defaultStagesButton)
        QWidget.setTabOrder(self.defaultStagesButton, self.nameEdit)
        QWidget.setTabOrder(self.nameEdit, self.stepsEdit)
        QWidget.setTabOrder(self.stepsEdit, self.legalCheck)
        QWidget.setTabOrder(self.legalCheck, self.severeCheck)
        QWidget.setTabOrder(self.severeCheck, self.persistentCheck)
        QWidget.setTabOrder(self.persistentCheck, self.atRiskCheck)
        QWidget.setTabOrder(self.atRiskCheck, self.penaltyCheck)
        QWidget.setTabOrder(self.penaltyCheck, self.ratioSpin)
        QWidget.setTabOrder(self.ratioSpin, self.minWeeksSpin)
        QWidget.setTabOrder(self.minWeeksSpin, self.defaultRulesButton)
        QWidget.setTabOrder(self.defaultRulesButton, self.revertButton)
        QWidget.setTabOrder(self.revertButton, self.saveButton)

        self.retranslateUi(StagesTab)

        QMetaObject.connectSlotsByName(StagesTab)
    # setupUi

    def retranslateUi(self, StagesTab):
        self.intro.setText(QCoreApplication.translate("StagesTab", u"The stages of your support-first process, in the order a case moves through them. Name them and list their steps the way your local authority does. Renaming a stage keeps each pupil's history: past moves show the name used at the time.", None))
        self.stagesGroup.setTitle(QCoreApplication.translate("StagesTab", u"Stages", None))
#if QT_CONFIG(tooltip)
        self.stageList.setToolTip(QCoreApplication.translate("StagesTab", u"The stages in order; choose one to edit it", None))
#endif // QT_CONFIG(tooltip)
        self.addButton.setText(QCoreApplication.translate("StagesTab", u"&Add stage", None))
        self.upButton.setText(QCoreApplication.translate("StagesTab", u"Move &up", None))
        self.downButton.setText(QCoreApplication.translate("StagesTab", u"Move &down", None))
        self.removeButton.setText(QCoreApplication.translate("StagesTab", u"&Remove", None))
        self.defaultStagesButton.setText(QCoreApplication.translate("StagesTab", u"R&estore the default stages", None))
#if QT_CONFIG(tooltip)
        self.defaultStagesButton.setToolTip(QCoreApplication.translate("StagesTab", u"Put back the five stages of the usual graduated response (Save to keep them)", None))
#endif // QT_CONFIG(tooltip)
        self.nameCaption.setText(QCoreApplication.translate("StagesTab", u"&Name", None))
        self.stepsCaption.setText(QCoreApplication.translate("StagesTab", u"S&teps\n"
"(one a line)", None))
        self.legalCheck.setText(QCoreApplication.translate("StagesTab", u"&Legal stage (penalty notices, court)", None))
#if QT_CONFIG(tooltip)
        self.legalCheck.setToolTip(QCoreApplication.translate("StagesTab", u"Pupils not of compulsory school age and looked-after children cannot be moved to a legal stage", None))
#endif // QT_CONFIG(tooltip)
        self.usageLabel.setText("")
        self.rulesGroup.setTitle(QCoreApplication.translate("StagesTab", u"Review list", None))
        self.rulesIntro.setText(QCoreApplication.translate("StagesTab", u"The Casework page lists pupils whose figures for the school year so far meet any of these rules, so someone looks at their case. It only suggests: nobody moves stage until a person records it.", None))
        self.bandsCaption.setText(QCoreApplication.translate("StagesTab", u"Absence band", None))
        self.severeCheck.setText(QCoreApplication.translate("StagesTab", u"&Severely absent", None))
        self.persistentCheck.setText(QCoreApplication.translate("StagesTab", u"&Persistently absent", None))
        self.atRiskCheck.setText(QCoreApplication.translate("StagesTab", u"At ris&k of persistent absence", None))
        self.penaltyCaption.setText(QCoreApplication.translate("StagesTab", u"10 in 10", None))
        self.penaltyCheck.setText(QCoreApplication.translate("StagesTab", u"10 or more unauthorised sessions in 10 school &weeks (penalty-notice threshold)", None))
        self.ratioCaption.setText(QCoreApplication.translate("StagesTab", u"&Broken weeks", None))
        self.ratioLead.setText(QCoreApplication.translate("StagesTab", u"at least", None))
        self.ratioSpin.setSuffix(QCoreApplication.translate("StagesTab", u" %", None))
        self.ratioTail.setText(QCoreApplication.translate("StagesTab", u"of school weeks, and no fewer than", None))
        self.minWeeksSpin.setSuffix(QCoreApplication.translate("StagesTab", u" broken weeks", None))
        self.defaultRulesButton.setText(QCoreApplication.translate("StagesTab", u"Default re&view rules", None))
        self.messageLabel.setText("")
        self.revertButton.setText(QCoreApplication.translate("StagesTab", u"Und&o changes", None))
        self.saveButton.setText(QCoreApplication.translate("StagesTab", u"Save  (Ctrl+S)", None))
        pass
    # retranslateUi

