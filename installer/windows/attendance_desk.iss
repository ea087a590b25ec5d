; Attendance Desk for Windows: Inno Setup 6 script. Build steps: installer/README.md.
;
;   iscc /DAppVersion=0.1.0 installer\windows\attendance_desk.iss     (after `python installer\build.py`)
;
; Installs for the current user without administrator rights (%LOCALAPPDATA%\Programs\Attendance Desk), or for
; every user of the PC when run elevated or with /ALLUSERS (Program Files). The school's data is never inside the
; program folder: it stays in %LOCALAPPDATA%\AttendanceDesk (or the folder IT preset with /DATADIR=), so upgrades
; and uninstalls leave it alone.
;
; Silent install for IT (Group Policy, Intune, SCCM, PDQ):
;   AttendanceDesk-0.1.0-setup.exe /VERYSILENT /SUPPRESSMSGBOXES /NORESTART [/ALLUSERS | /CURRENTUSER]
;       [/DIR="D:\Apps\Attendance Desk"] [/TASKS=desktopicon] [/LOG="C:\Temp\attendance-desk-install.log"]
;       [/DATADIR="H:\AttendanceDesk"] [/SERVER="postgresql+psycopg://desk@school-server/attendance_desk"]
; /DATADIR= and /SERVER= are written to attendance_desk.ini beside the program, which the app reads at start.
; Silent uninstall: "<program folder>\unins000.exe" /VERYSILENT /SUPPRESSMSGBOXES /NORESTART

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "Attendance Desk"
#define AppExe "AttendanceDesk.exe"
#define Bundle "..\..\dist\AttendanceDesk"
#define SettingsFile "attendance_desk.ini"

[Setup]
; The AppId ties every version together, so a newer installer upgrades the older one in place. Never change it.
AppId={{DAB6AA1F-71B0-4C05-8247-64291A8F9F95}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Attendance Desk
VersionInfoVersion={#AppVersion}
VersionInfoProductName={#AppName}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
DisableDirPage=auto
UsePreviousAppDir=yes
; Per user by default, no administrator rights; all users when elevated or when the user (or /ALLUSERS) asks.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=commandline dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\..\dist
OutputBaseFilename=AttendanceDesk-{#AppVersion}-setup
SetupIconFile=..\..\build\icon\attendance-desk.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; An open copy of the app is closed (and reopened) by Windows' Restart Manager when upgrading.
CloseApplications=yes
RestartApplications=no
SetupLogging=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "Put a shortcut to Attendance Desk on the desktop"; Flags: unchecked

[InstallDelete]
; An upgrade replaces the program's own files wholesale, so nothing of the older version lingers. The school's
; data is not in the program folder, so it is untouched; attendance_desk.ini is kept (see [Code]).
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#Bundle}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "Attendance casework and evidence"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "Start Attendance Desk now"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
Type: files; Name: "{app}\{#SettingsFile}"

[Messages]
FinishedLabel=Attendance Desk is installed. Start it from the Start menu; the first time, it asks who you are and offers the demo school or an import from your MIS.

[Code]
function DataFolderPreset(): String;
begin
  Result := Trim(ExpandConstant('{param:DATADIR|}'));
end;

function ServerPreset(): String;
begin
  Result := Trim(ExpandConstant('{param:SERVER|}'));
end;

{ /DATADIR= and /SERVER= go to attendance_desk.ini beside the program. Without either, an earlier install's file
  is kept as it is, so an upgrade does not undo what IT set up. }
procedure WriteInstallSettings();
var
  Lines: TArrayOfString;
begin
  if (DataFolderPreset() = '') and (ServerPreset() = '') then
    Exit;
  SetArrayLength(Lines, 4);
  Lines[0] := '; Written by the Attendance Desk installer (/DATADIR= and /SERVER=). Read when the app starts.';
  Lines[1] := '[attendance-desk]';
  Lines[2] := 'data_dir = ' + DataFolderPreset();
  Lines[3] := 'server = ' + ServerPreset();
  if not SaveStringsToUTF8File(ExpandConstant('{app}\{#SettingsFile}'), Lines, False) then
    RaiseException('Could not write ' + ExpandConstant('{app}\{#SettingsFile}'));
  Log('Install settings written: data folder "' + DataFolderPreset() + '", server given: ' +
    IntToStr(Ord(ServerPreset() <> '')));
end;

procedure CurStepChanged(CurStep: TSetupStep);
begin
  if CurStep = ssPostInstall then
    WriteInstallSettings();
end;

var
  DataFolderNote: String;

{ Read where the data lives before the settings file is removed, to tell the user where it was left. }
function DataFolderInUse(): String;
var
  Preset: String;
begin
  Result := ExpandConstant('{localappdata}\AttendanceDesk');
  Preset := GetIniString('attendance-desk', 'data_dir', '', ExpandConstant('{app}\{#SettingsFile}'));
  if Trim(Preset) <> '' then
    Result := Trim(Preset);
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if CurUninstallStep = usUninstall then
    DataFolderNote := DataFolderInUse();
  if CurUninstallStep = usPostUninstall then
  begin
    Log('The school''s data was left in ' + DataFolderNote);
    if not UninstallSilent() then
      MsgBox('Attendance Desk has been removed from this PC. The school''s data (the database, its backups and ' +
        'the archived letters) was left in place, in:' + #13#10#13#10 + DataFolderNote + #13#10#13#10 +
        'Installing Attendance Desk again picks it up. Delete that folder yourself only when the school no ' +
        'longer needs the records.', mbInformation, MB_OK);
  end;
end;
