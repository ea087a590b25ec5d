# GENERATED from forms/first_run.ui by installer/compile_forms.py: do not edit; edit the .ui and recompile.
# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'first_run.ui'
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
from PySide6.QtWidgets import (QApplication, QDialog, QHBoxLayout, QLabel,
    QPushButton, QSizePolicy, QSpacerItem, QVBoxLayout,
    QWidget)

class Ui_FirstRunDialog(object):
    def setupUi(self, FirstRunDialog):
        if not FirstRunDialog.objectName():
            FirstRunDialog.setObjectName(u"FirstRunDialog")
        FirstRunDialog.resize(560, 380)
        self.mainLayout = QVBoxLayout(FirstRunDialog)
        self.mainLayout.setSpacing(12)
        self.mainLayout.setObjectName(u"mainLayout")
        self.mainLayout.setContentsMargins(28, 24, 28, 20)
        self.heading = QLabel(FirstRunDialog)
        self.heading.setObjectName(u"heading")

        self.mainLayout.addWidget(self.heading)

        self.intro = QLabel(FirstRunDialog)
        self.intro.setObjectName(u"intro")
        self.intro.setWordWrap(True)

        self.mainLayout.addWidget(self.intro)

        self.demoButton = QPushButton(FirstRunDialog)
        self.demoButton.setObjectName(u"demoButton")

        self.mainLayout.addWidget(self.demoButton)

        self.demoNote = QLabel(FirstRunDialog)
        self.demoNote.setObjectName(u"demoNote")
        self.demoNote.setWordWrap(True)

        self.mainLayout.addWidget(self.demoNote)

        self.importButton = QPushButton(FirstRunDialog)
        self.importButton.setObjectName(u"importButton")

        self.mainLayout.addWidget(self.importButton)

        self.importNote = QLabel(FirstRunDialog)
        self.importNote.setObjectName(u"importNote")
        self.importNote.setWordWrap(True)

        self.mainLayout.addWidget(self.importNote)

        self.statusLabel = QLabel(FirstRunDialog)
        self.statusLabel.setObjectName(u"statusLabel")
        self.statusLabel.setWordWrap(True)

        self.mainLayout.addWidget(self.statusLabel)

        self.bottomSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.mainLayout.addItem(self.bottomSpacer)

        self.buttonRow = QHBoxLayout()
        self.buttonRow.setObjectName(u"buttonRow")
        self.buttonSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.buttonRow.addItem(self.buttonSpacer)

        self.laterButton = QPushButton(FirstRunDialog)
        self.laterButton.setObjectName(u"laterButton")

        self.buttonRow.addWidget(self.laterButton)


        self.mainLayout.addLayout(self.buttonRow)


        self.retranslateUi(FirstRunDialog)

        self.demoButton.setDefault(True)


        QMetaObject.connectSlotsByName(FirstRunDialog)
    # setupUi

    def retranslateUi(self, FirstRunDialog):
        FirstRunDialog.setWindowTitle(QCoreApplication.translate("FirstRunDialog", u"Welcome to Attendance Desk", None))
        self.heading.setText(QCoreApplication.translate("FirstRunDialog", u"Welcome to Attendance Desk", None))
        self.intro.setText(QCoreApplication.translate("FirstRunDialog", u"There is no school in this database yet. You can look around with a made-up school first, or bring in your own school's pupils, contacts and marks from your MIS.", None))
        self.demoButton.setText(QCoreApplication.translate("FirstRunDialog", u"Open the demo school", None))
        self.demoNote.setText(QCoreApplication.translate("FirstRunDialog", u"A realistic but entirely invented school with a year of registers, so you can try every screen safely.", None))
        self.importButton.setText(QCoreApplication.translate("FirstRunDialog", u"Import from your MIS", None))
        self.importNote.setText(QCoreApplication.translate("FirstRunDialog", u"Takes you to Import/Export, where you choose the CSV files exported from SIMS, Arbor, Bromcom or another MIS.", None))
        self.statusLabel.setText("")
        self.laterButton.setText(QCoreApplication.translate("FirstRunDialog", u"Set up later", None))
    # retranslateUi

